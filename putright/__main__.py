import sys

from putright.cli import main

sys.exit(main())
