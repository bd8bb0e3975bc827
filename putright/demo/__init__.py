"""The demo landlord, Riverside Homes (fictional): homes, residents, staff and a year of complaints
driven through the complaint services. ``putright demo`` loads it; see :mod:`putright.demo.loader`."""
