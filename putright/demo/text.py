"""Words for the demo landlord: places, people and what residents say, all fictional.

The town (Riverbridge), its areas, streets and the ``RV`` postcodes are invented (RV is not a UK
postcode area). Names are common British first names and surnames put together at random.
Residents' words are written for the demo in the way residents write: plain, sometimes angry,
not always mentioning the word "complaint".
"""

from __future__ import annotations

from dataclasses import dataclass

TOWN = "Riverbridge"

#: area name -> (postcode district, streets). Blocks of flats end in House/Court/Tower.
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Riverside": (
        "RV1",
        (
            "Wharf Road",
            "Ferryman Close",
            "Kestrel House",
            "Towpath Way",
            "Lockkeeper Court",
            "Barge Lane",
            "Heron Walk",
        ),
    ),
    "Northgate": (
        "RV2",
        (
            "Northgate Road",
            "Tanners Row",
            "Mercer House",
            "Chandler Street",
            "Priory Gardens",
            "Weavers Court",
            "Bell Lane",
        ),
    ),
    "Elmfield": (
        "RV3",
        (
            "Elmfield Avenue",
            "Hornbeam Close",
            "Rowan Tower",
            "Linden Way",
            "Hazel Grove",
            "Maple Court",
            "Alder Drive",
        ),
    ),
    "Kingsmead": (
        "RV4",
        (
            "Kingsmead Road",
            "Coronation Street",
            "Jubilee House",
            "Regent Close",
            "Sovereign Way",
            "Crown Court",
            "Mead Lane",
        ),
    ),
    "Hollybank": (
        "RV5",
        (
            "Hollybank Road",
            "Foxglove Close",
            "Bramble Way",
            "Thistle House",
            "Meadowsweet Drive",
            "Clover Court",
            "Yarrow Walk",
        ),
    ),
    "Sandford": (
        "RV6",
        (
            "Sandford Lane",
            "Quarry Road",
            "Millstone Court",
            "Flint Close",
            "Chalk Pit Way",
            "Gravel Hill",
            "Ridgeway House",
        ),
    ),
    "Ashby Vale": (
        "RV7",
        (
            "Ashby Road",
            "Vale Crescent",
            "Orchard Close",
            "Pippin House",
            "Russet Way",
            "Bramley Court",
            "Cider Mill Lane",
        ),
    ),
    "Old Town": (
        "RV8",
        (
            "Market Street",
            "Guildhall Lane",
            "Cobbler's Yard",
            "Minster Court",
            "Castle Tower",
            "Saddlers Row",
            "Church Walk",
        ),
    ),
}

BLOCK_WORDS = ("House", "Court", "Tower")

FIRST_NAMES = (
    "Aisha", "Amelia", "Amir", "Andrzej", "Anna", "Barbara", "Ben", "Bernadette", "Callum", "Carol",
    "Chloe", "Christine", "Connor", "Daniel", "Darren", "Deborah", "Dennis", "Dylan", "Ebony", "Elaine",
    "Emily", "Fatima", "Gary", "Grace", "Hannah", "Hassan", "Ibrahim", "Irene", "Jack", "Jade", "Jamal",
    "Janet", "Jason", "Jennifer", "Joan", "Josh", "Kai", "Karen", "Kerry", "Kwame", "Lee", "Leon",
    "Liam", "Lily", "Lorraine", "Luke", "Maria", "Marcus", "Margaret", "Mark", "Maureen", "Megan",
    "Mohammed", "Nadia", "Natalie", "Nicola", "Oliver", "Olivia", "Patricia", "Paul", "Precious",
    "Rachel", "Raj", "Rebecca", "Ryan", "Samira", "Sandra", "Sean", "Shanice", "Sharon", "Sophie",
    "Stacey", "Stephen", "Sunita", "Tariq", "Terry", "Tina", "Tomasz", "Tracey", "Wayne", "Yusuf",
    "Zainab", "Zoe", "Abdi", "Agnieszka", "Alan", "Bilal", "Carlene", "Delroy", "Florin", "Hamza",
)  # fmt: skip

SURNAMES = (
    "Adams", "Ahmed", "Ali", "Allen", "Bailey", "Baker", "Begum", "Bennett", "Brown", "Campbell",
    "Carter", "Chowdhury", "Clarke", "Collins", "Cooper", "Davies", "Edwards", "Evans", "Farah",
    "Fletcher", "Green", "Griffiths", "Hall", "Harris", "Hughes", "Hussain", "Jackson", "James",
    "Johnson", "Jones", "Kaur", "Khan", "King", "Kowalski", "Lewis", "Martin", "Mensah", "Mitchell",
    "Moore", "Morgan", "Murphy", "Nowak", "Okafor", "O'Brien", "Osei", "Owen", "Parker", "Patel",
    "Phillips", "Popescu", "Price", "Rahman", "Roberts", "Robinson", "Scott", "Shah", "Singh", "Smith",
    "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Williams", "Wilson",
    "Wood", "Wright", "Young", "Yilmaz", "Achterberg", "Doyle", "Gallagher", "Igwe", "Nguyen", "Reid",
)  # fmt: skip

LANGUAGES = ("Polish", "Urdu", "Somali", "Bengali", "Romanian", "Arabic", "Tigrinya", "Portuguese")

SUPPORT_NEEDS = (
    "Hard of hearing: prefers text messages to phone calls.",
    "Partially sighted: letters in large print (16pt) please.",
    "Uses a wheelchair; needs ground-floor meetings.",
    "Dyslexia: please explain letters by phone as well.",
    "Anxiety: please call ahead before visits and keep the same contact person.",
    "Learning disability: easy read letters, and copy to her support worker.",
    "Works nights: please call after 2pm.",
    "Recovering from surgery; cannot climb stairs to the office.",
)

ADJUSTMENTS: tuple[tuple[str, str], ...] = (
    ("Letters in large print (16pt) and a phone call to go through each one.", "Sight loss"),
    ("Contact by text message or email only; no phone calls.", "Hearing impairment"),
    ("Same named officer for all contact and visits booked with 48 hours' notice.", "Anxiety disorder"),
    ("Easy read letters, copied to the resident's support worker.", "Learning disability"),
    ("Home visits instead of office appointments.", "Mobility impairment"),
    ("Extra time to reply to letters (10 working days instead of 5).", "Depression"),
    ("Interpreter at all meetings and translated letters.", ""),
    ("Appointments after 10am only.", "Chronic fatigue"),
)

RELATIONSHIPS: tuple[tuple[str, str], ...] = (
    ("daughter", "Signed consent form returned by post"),
    ("son", "Resident confirmed by phone that her son may act for her"),
    ("advocate (Riverbridge Advocacy Service, fictional)", "Signed authority to act on file"),
    ("local councillor", "Resident's email asking the councillor to raise it"),
    ("MP's caseworker", "Consent form from the MP's office"),
    ("support worker", "Consent recorded at home visit"),
    ("husband", "Joint tenant; resident confirmed in person"),
    ("solicitor", "Letter of authority received"),
)

ROOMS = ("bathroom", "back bedroom", "kitchen", "baby's room", "living room", "front bedroom", "hallway")
FIXTURES = ("boiler", "extractor fan", "kitchen tap", "toilet cistern", "front door lock", "windows")
TEAMS_FOR_OWNER = ("Repairs team", "Damp and mould team", "Neighbourhood team", "Income team")


@dataclass(frozen=True)
class Story:
    """One kind of complaint: what the resident says and how the landlord sees it. Texts are
    formatted with ``room``, ``fixture``, ``weeks``, ``times``, ``month`` and ``job``."""

    category: str
    said: tuple[str, ...]
    definition: str
    outcomes: str
    responsible: str
    upheld: str
    not_upheld: str
    reasons: str
    not_responsible: str = ""
    action: str = ""
    action_owner: str = "Repairs team"
    gesture: str = "An apology for the distress and inconvenience caused."
    learning: str = ""
    financial: str = "Compensation for the delay, time and trouble"


STORIES: tuple[Story, ...] = (
    # ---- damp and mould -----------------------------------------------------------------------
    Story(
        "damp-and-mould",
        (
            "There is black mould all over the {room} ceiling again. I reported it {times} times and "
            "someone came and sprayed it once, now it's back worse than before. My son's asthma is "
            "getting worse and I'm sick of being ignored.",
            "The mould in the {room} is back. You wiped it in {month} and said a surveyor would come. "
            "Nobody came. The walls are wet to touch and our clothes smell damp. This isn't good enough.",
        ),
        "Mould has returned in the {room} after a mould wash; the promised damp survey did not happen "
        "and you are worried about your son's asthma.",
        "A damp survey, the cause fixed (not just a mould wash), redecoration, and an apology.",
        "Inspecting and treating the damp and mould, fixing its cause, and the missed survey.",
        "We agree we treated the symptom and not the cause, and that the survey promised in {month} "
        "never took place.",
        "Our surveyor found the mould was caused by condensation; the extractor fan works and no "
        "repair was outstanding. We have given advice and a dehumidifier.",
        "Our records show {times} reports; the survey was booked but cancelled when the surveyor was "
        "off sick and was not rebooked.",
        action="Damp survey, install a continuous-running extractor fan, mould wash and redecorate the {room}",
        action_owner="Damp and mould team",
        learning="Cancelled damp surveys are not rebooked automatically; add a daily check of cancelled "
        "survey appointments.",
        financial="Compensation for the time the home was affected by mould and for the missed survey",
    ),
    Story(
        "damp-and-mould",
        (
            "Water is coming through the {room} wall every time it rains. The wallpaper is peeling and "
            "there's mould behind the wardrobe. I've had to throw away a mattress. I want someone to "
            "actually fix the outside wall.",
            "Damp patch in the {room} getting bigger for {weeks} weeks. Your contractor said it's the "
            "gutter but nobody has come back. I've got a newborn and I'm scared to put her in there.",
        ),
        "Penetrating damp in the {room} from a defect outside; the follow-on repair to the gutter and "
        "wall has not been done and belongings have been damaged.",
        "The gutter and wall repaired, the room dried out and redecorated, and the mattress replaced.",
        "The external repair, drying out and redecoration.",
        "We agree the follow-on job to clear and reseal the gutter was never raised after the first "
        "visit, so the damp continued for {weeks} weeks.",
        "The external wall and gutter were repaired in time; the staining is from an old leak and is "
        "dry. We will still redecorate as a gesture of goodwill.",
        "The operative's notes said a follow-on job was needed but it was not created in the repairs system.",
        not_responsible="Contents insurance for the damaged mattress (we have given details of the "
        "tenants' contents insurance scheme).",
        action="Clear and reseal the gutter, repoint the wall, dry out and redecorate the {room}",
        learning="Follow-on jobs noted by operatives are not always raised; make the follow-on job a "
        "required field when closing a job.",
    ),
    Story(
        "damp-and-mould",
        (
            "The windows in the flat are streaming with condensation every morning and there's mould "
            "round every frame. The {fixture} doesn't work. I've done everything your leaflet says. "
            "Please don't tell me to open a window again.",
        ),
        "Condensation and mould around the windows; you say the ventilation does not work "
        "and you feel blamed for the mould.",
        "Working ventilation, the mould treated and to be taken seriously.",
        "Ventilation repairs and mould treatment.",
        "We agree the {fixture} was faulty and that our advice letter wrongly implied the mould was "
        "caused by lifestyle.",
        "The ventilation was tested and works; we have treated the mould and fitted trickle vents.",
        "The Housing Ombudsman's spotlight report on damp and mould says landlords must not blame "
        "residents; our standard letter did not reflect that.",
        action="Fit a humidity-controlled extractor fan and trickle vents; mould wash all window reveals",
        action_owner="Damp and mould team",
        learning="Rewrite the condensation advice letter so it does not blame residents.",
    ),
    # ---- repairs ------------------------------------------------------------------------------
    Story(
        "repairs",
        (
            "My {fixture} has been broken for {weeks} weeks. I've had {times} appointments and every "
            "time either nobody turned up or they didn't have the part. I've taken days off work for "
            "nothing. Job number {job}.",
            "I'm fed up. {times} missed appointments for the {fixture}. Nobody rings to say they're not "
            "coming. I want this fixed and I want paying for my lost wages.",
        ),
        "The {fixture} repair (job {job}) has taken {weeks} weeks with {times} missed or wasted "
        "appointments and no contact about them.",
        "The repair completed, compensation for time off work, and to be told if an appointment is "
        "cancelled.",
        "The repair, the missed appointments and our communication about them.",
        "We agree the repair took far longer than our 28-day target and that appointments were missed "
        "without notice.",
        "The appointments were rearranged at your request and the part was on national back-order; "
        "we kept you informed by text each time.",
        "Our contractor's van stock did not carry the part and appointments were not cancelled in advance.",
        action="Complete the {fixture} repair (job {job})",
        financial="Compensation for the missed appointments and the delay",
        learning="Appointment cancellations by the contractor are not texted to residents; add it to "
        "the contract's performance indicators.",
    ),
    Story(
        "repairs",
        (
            "No heating or hot water since {month}. I have two small children and we are boiling "
            "kettles to wash. Your call centre keeps saying an engineer will call back. Nobody has.",
            "Boiler broke AGAIN. Third time this winter. I'm elderly and the flat is freezing. "
            "Someone needs to replace it, not patch it up.",
        ),
        "Repeated loss of heating and hot water; you are vulnerable and no emergency "
        "provision (heaters) was offered.",
        "A new boiler, heaters in the meantime and compensation for the time without heating.",
        "The heating repairs, emergency provision and the decision on replacing the boiler.",
        "We agree we did not treat this as an emergency for a household with young children and did "
        "not offer temporary heaters.",
        "Each breakdown was attended within 24 hours and the boiler is economical to repair; it is "
        "scheduled for replacement in next year's programme.",
        "The call was logged as routine rather than emergency; our vulnerability flag was not checked.",
        action="Replace the boiler and deliver two oil-filled heaters until it is done",
        learning="Check vulnerability flags when triaging heating calls; heaters to be offered on every "
        "no-heat call in winter.",
        financial="Compensation for the days without heating and hot water, and extra electricity used",
    ),
    Story(
        "repairs",
        (
            "The leak from the flat above has been coming through my {room} ceiling for {weeks} weeks. "
            "There is a bucket on the floor. Part of the ceiling has come down. Please help.",
        ),
        "A leak from the flat above has damaged the {room} ceiling over {weeks} weeks; part of the "
        "ceiling has collapsed.",
        "The leak stopped, the ceiling repaired and the room redecorated.",
        "Tracing the leak, repairing the ceiling and redecoration.",
        "We agree the leak should have been traced on the first visit and that the ceiling collapse "
        "could have been avoided.",
        "The leak was traced and fixed on the first visit; the ceiling repair was booked at the first "
        "date you were available.",
        "Access to the flat above was refused twice and we did not use our access procedure promptly.",
        action="Replaster the {room} ceiling and redecorate",
        learning="Use the access procedure after one refused visit when a leak affects a neighbour.",
    ),
    Story(
        "repairs",
        (
            "The lift in our block has been out of order for {weeks} weeks. I'm on the 9th floor with a "
            "bad hip. I've been stuck indoors. Nobody has told us when it will be fixed.",
        ),
        "The lift has been out of service for {weeks} weeks with no updates to residents; you "
        "cannot use the stairs.",
        "The lift repaired, updates to residents, and help with shopping in the meantime.",
        "The lift repair and keeping residents informed.",
        "We agree we did not keep residents informed about the lift and did not check on residents "
        "who cannot use the stairs.",
        "The lift needed a specialist part that took {weeks} weeks; we posted notices in the block "
        "each week.",
        "The lift contractor's updates were not passed on to residents.",
        action="Complete the lift repair and write to every resident in the block",
        action_owner="Building safety team",
        learning="Keep a list of residents who cannot use stairs for each block with a lift.",
    ),
    Story(
        "repairs",
        (
            "I reported my front door not locking properly {weeks} weeks ago. It's a security risk, I "
            "live alone. The repair was closed as done but nobody came.",
        ),
        "A security repair to the front door lock was closed as complete although nobody attended.",
        "The lock fixed urgently and an explanation of why the job was closed.",
        "The repair and the wrongly closed job.",
        "We agree the job was closed in error by our contractor without a visit.",
        "Our operative attended and adjusted the lock; we have been back and it locks correctly.",
        "The contractor closed the job from a batch update.",
        action="Replace the front door lock cylinder",
        financial="Compensation for the failed repair",
    ),
    # ---- anti-social behaviour ---------------------------------------------------------------
    Story(
        "anti-social-behaviour",
        (
            "My neighbour {neighbour} plays loud music until 3 or 4 in the morning most nights. I've "
            "reported it {times} times with recordings and nothing has happened. I'm exhausted and my "
            "kids can't sleep.",
            "I'm being harassed by the people {neighbour}. Shouting at my door, rubbish left outside. "
            "I reported it to your officer in {month} and heard nothing back. Do I have to move out?",
        ),
        "You have reported noise and harassment from a neighbour {times} times with evidence, "
        "and do not feel the reports were acted on or that you were kept updated.",
        "Action against the neighbour and regular updates on the case.",
        "How we handled the reports of anti-social behaviour under our ASB policy.",
        "We agree that we did not carry out a risk assessment or give you an action plan as our ASB "
        "policy requires, and that you were not updated.",
        "We handled the case under our ASB policy: we visited, issued a warning and are working with "
        "the police. We cannot share details of action against another resident.",
        "The case was not reassigned when the neighbourhood officer left.",
        not_responsible="Criminal matters, which are for the police.",
        action="Complete a risk assessment and agree an action plan with fortnightly updates",
        action_owner="Neighbourhood team",
        learning="ASB cases are not reassigned when an officer leaves; add a handover check.",
    ),
    Story(
        "anti-social-behaviour",
        (
            "There's drug dealing in the stairwell at night and people sleeping in the bin store. I "
            "don't feel safe coming home. The door entry has been broken for {weeks} weeks which is "
            "how they get in.",
        ),
        "Drug dealing and rough sleeping in the block, made possible by a door entry system broken for "
        "{weeks} weeks.",
        "The door entry fixed and the problem in the stairwell dealt with.",
        "Repairing the door entry and managing the communal areas.",
        "We agree the door entry repair took far too long and that this allowed people into the block.",
        "The door entry was repaired within our target; we have referred the drug dealing to the police.",
        "The door entry part was ordered late.",
        not_responsible="Drug dealing, which we have reported to the police.",
        action="Repair the door entry system and carry out a weekly block inspection for 8 weeks",
        action_owner="Neighbourhood team",
    ),
    # ---- staff conduct -----------------------------------------------------------------------
    Story(
        "staff-conduct",
        (
            "The man who came to look at my {room} was really rude. He said the mould was because I "
            "don't open windows and that 'people like you' always complain. I felt humiliated in my "
            "own home.",
            "Your officer on the phone laughed at me and then put the phone down when I asked for a "
            "manager. I want an apology.",
        ),
        "You say a member of staff was rude and made a remark you found discriminatory.",
        "An apology and for the member of staff to be spoken to.",
        "The conduct of our staff and contractors.",
        "We are sorry: the member of staff's remark was unacceptable and has been dealt with "
        "through our internal procedures.",
        "We listened to the call recording and spoke to the member of staff; we did not find the "
        "conduct described, though we understand why the conversation upset you.",
        "We listened to the call recording and interviewed the member of staff.",
        gesture="A written apology from the Head of Repairs.",
        learning="Refresher training on respectful language for all surveyors and contractors.",
    ),
    Story(
        "staff-conduct",
        (
            "Your contractor left my kitchen in a state after fitting the new {fixture}. Dust "
            "everywhere, a hole in the wall and he swore at me when I complained. I'm disabled and had "
            "to pay my neighbour to clean up.",
        ),
        "A contractor left the home dirty and damaged after a repair and was abusive when challenged.",
        "The damage put right, cleaning costs repaid and an apology.",
        "Our contractor's work and conduct in the home.",
        "We agree the contractor did not clean up or make good and that his language was unacceptable.",
        "The contractor made good the wall the following day; we have not been able to verify the "
        "language used.",
        "We asked the contractor for a statement and inspected the work.",
        action="Make good the wall and arrange a professional clean",
        action_owner="Contract manager",
        financial="Refund of the cleaning costs the resident paid",
    ),
    # ---- communication ----------------------------------------------------------------------
    Story(
        "communication",
        (
            "I have emailed {times} times and phoned more times than I can count. Nobody replies. The "
            "phone line cuts off after 40 minutes. How am I supposed to get anything sorted?",
            "Every time I call I speak to someone different and have to explain everything from the "
            "start. Nobody ever calls back when they say they will.",
        ),
        "Your emails and calls were not answered or returned over several weeks.",
        "Replies to her emails, one named contact and an apology.",
        "Responding to contact from residents within our service standards.",
        "We agree we did not answer your emails within our 5-working-day standard and that call-backs "
        "promised were not made.",
        "We have found replies to each email within our standards; we are sorry if they did not reach "
        "you and have checked your email address.",
        "A shared mailbox was not being monitored during staff absence.",
        gesture="An apology and a named officer as single point of contact.",
        learning="Monitor shared mailboxes daily during absences; report unanswered emails weekly.",
        financial="Compensation for the time and trouble of chasing us",
    ),
    Story(
        "communication",
        (
            "I asked for my letters in {format_wanted} ages ago. You keep sending normal letters and I "
            "can't read them. I missed an appointment because of it.",
        ),
        "Letters have not been sent in the format you asked for, and you missed an appointment as a result.",
        "Letters in the right format from now on.",
        "Recording and meeting residents' communication needs.",
        "We agree the format you asked for was recorded on one system and not the other, so letters "
        "went out in standard print.",
        "Your preference was recorded and letters were sent in that format; the appointment letter "
        "was from our contractor, whom we have now told.",
        "Contact preferences are held in two systems that do not talk to each other.",
        gesture="An apology and a check that every system holds your preferred format.",
        learning="Pass residents' communication needs to contractors with every job.",
    ),
    # ---- estate services --------------------------------------------------------------------
    Story(
        "estate-services",
        (
            "We pay a service charge for cleaning but the stairs haven't been cleaned for {weeks} weeks. "
            "There's rubbish and a bad smell. The grass hasn't been cut all summer.",
        ),
        "Communal cleaning and grounds maintenance have not been done although residents pay for them.",
        "The cleaning done to the standard and a refund for the weeks missed.",
        "Communal cleaning and grounds maintenance through our estate services contract.",
        "We agree cleaning was missed for {weeks} weeks when the contractor was short of staff.",
        "Our inspection records show cleaning was done weekly; we have asked for photos after each "
        "visit from now on.",
        "The contractor did not tell us of missed visits.",
        action="Deep clean the block and credit the service charge for missed weeks",
        action_owner="Estate services",
        financial="Service charge credit for the cleaning not done",
    ),
    Story(
        "estate-services",
        (
            "Fly-tipping next to the bins has been there for {weeks} weeks - a sofa, mattresses and "
            "bags. There are rats now. I reported it {times} times.",
        ),
        "Fly-tipping by the bin store has not been removed after {times} reports and has attracted rats.",
        "The rubbish removed, pest control, and the area kept clear.",
        "Removing bulky waste from our land and pest control in communal areas.",
        "We agree the fly-tipping was not removed within our 5-working-day target.",
        "The waste was removed within our target each time; the area is being tipped repeatedly and "
        "we have installed a camera.",
        "The reports went to the council instead of our estate team.",
        not_responsible="Household bin collections, which are the council's.",
        action="Remove the bulky waste and book pest control for the bin store",
        action_owner="Estate services",
    ),
    # ---- rent and charges -------------------------------------------------------------------
    Story(
        "rent-and-charges",
        (
            "You've sent me a letter saying I'm in arrears but I pay by direct debit every month. I "
            "have bank statements. The letter threatened court and I haven't slept.",
            "My service charge has gone up by a third with no explanation. I asked for a breakdown in "
            "{month} and nobody sent one.",
        ),
        "You have had a letter about your rent account that you say is wrong, and your "
        "request for an explanation was not answered.",
        "The account corrected, the letter withdrawn and an explanation.",
        "Rent and service charge accounts and our letters about them.",
        "We agree a payment was posted to the wrong account, so the letter was wrong, and that you "
        "should have had an answer to your request.",
        "The account was correct and the charges reflect the new cleaning contract; we have sent you "
        "a full breakdown.",
        "A manual payment was posted to the wrong tenancy reference.",
        gesture="A letter withdrawing the arrears notice and an apology.",
        learning="Check for unallocated payments before any arrears letter is sent.",
    ),
    # ---- neighbourhood ------------------------------------------------------------------------
    Story(
        "neighbourhood",
        (
            "The play area on the estate has been fenced off for {weeks} months with broken equipment. "
            "The kids have nowhere to play. Nobody will tell us what is happening.",
            "The street lights on the path by the garages have been out since {month}. It's pitch black "
            "and I've been followed home. It's dangerous.",
        ),
        "Facilities on the estate have been out of use for a long time with no information for residents.",
        "The facilities repaired and residents told the plan.",
        "Estate facilities on land we own.",
        "We agree we did not have a plan for the repair or tell residents what was happening.",
        "The repair is in the approved programme; we wrote to residents in {month} with the date.",
        "The repair was waiting for budget approval and nobody owned communication with residents.",
        not_responsible="Street lights on the adopted road, which are the council's.",
        action="Repair and reopen the facility; write to residents with the date",
        action_owner="Neighbourhood team",
    ),
    # ---- adaptations --------------------------------------------------------------------------
    Story(
        "adaptations",
        (
            "The occupational therapist recommended a level-access shower for me in {month}. I've been "
            "waiting months and I can't use the bath. I'm washing at the sink.",
            "I need a stair rail and a ramp to the front door. The council OT sent you the referral "
            "ages ago and nobody has been in touch.",
        ),
        "An adaptation recommended by an occupational therapist has not been done after several months.",
        "The adaptation installed, and a date for it.",
        "Minor and major adaptations to our homes.",
        "We agree the referral was not acted on for several months and you were not kept informed.",
        "The adaptation is in our programme in date order; we have explained the waiting time and "
        "offered a temporary bath board.",
        "The OT referral was received by email and not logged.",
        action="Install the recommended adaptation",
        action_owner="Adaptations team",
        learning="Log every OT referral on receipt and acknowledge it to the resident.",
    ),
    # ---- other -------------------------------------------------------------------------------
    Story(
        "other",
        (
            "I applied for a transfer because of overcrowding {weeks} months ago and nobody has even "
            "assessed it. Five of us in a two-bed flat.",
            "You took down the washing lines on our estate without asking anyone. Many of us don't "
            "have dryers. Why weren't we consulted?",
        ),
        "A decision affecting you was made without assessing your circumstances or consulting residents.",
        "A proper assessment or consultation, and an explanation of the decision.",
        "Our own decisions and how we reached them.",
        "We agree we should have assessed your circumstances and consulted residents first.",
        "We followed our policy; we have explained the decision and how to appeal it.",
        "The policy was applied without checking the individual circumstances.",
        gesture="An explanation of the decision and how to appeal it.",
    ),
)

SERVICE_REQUESTS: tuple[tuple[str, str, str], ...] = (
    # (category, what the resident said, how it was resolved)
    (
        "repairs",
        "My kitchen tap is dripping constantly, can someone come and look at it please?",
        "Repair raised for a plumber; appointment booked with the resident for next week.",
    ),
    (
        "repairs",
        "The {fixture} has stopped working. Can you send someone out?",
        "Repair raised and appointment booked with the resident on the call.",
    ),
    (
        "repairs",
        "There's a leak under my sink, I've put a towel down. Please send someone.",
        "Emergency plumber attended the same day and fixed the waste pipe.",
    ),
    (
        "damp-and-mould",
        "I've noticed some mould starting in the {room} corner. Can someone check it?",
        "Mould wash and damp inspection booked; advice leaflet sent.",
    ),
    (
        "estate-services",
        "The bins by our block are overflowing and haven't been emptied this week.",
        "Estate team cleared the bin store the next morning.",
    ),
    (
        "estate-services",
        "Light on the 3rd floor landing is out.",
        "Electrician replaced the landing light.",
    ),
    (
        "rent-and-charges",
        "Can you tell me why my rent went up this April? I didn't get a letter.",
        "Explained the annual rent review by phone and emailed a copy of the rent letter.",
    ),
    (
        "anti-social-behaviour",
        "Someone has been parking in my disabled bay every night.",
        "Neighbourhood officer put up a notice and will check the bay this week.",
    ),
    (
        "communication",
        "I've changed my phone number, can you update it?",
        "Contact details updated there and then.",
    ),
    (
        "adaptations",
        "Could I get a grab rail by the toilet? I'm finding it hard to get up.",
        "Minor adaptation raised; fitter booked.",
    ),
    (
        "neighbourhood",
        "There's graffiti on the garages on the estate.",
        "Graffiti removal booked with the estate team.",
    ),
)

#: (summary, explanation, on the merits) for contacts not accepted, by exclusion ground
DECLINED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "previously_considered": (
        (
            "I want to complain again about the kitchen replacement in {month} last year. I'm still "
            "not happy with it.",
            "We considered this complaint in full last year and gave our final response; you were "
            "given the Housing Ombudsman's details then.",
            "We checked whether anything new had happened since our final response: nothing has, and "
            "the kitchen was inspected and signed off.",
        ),
        (
            "This is about the same noise problem as my last complaint. Nothing has changed.",
            "Your complaint about the handling of the noise reports had our final response in {month}.",
            "We looked at whether there were new incidents since; the new reports have been passed to "
            "the neighbourhood team as a new ASB case.",
        ),
        (
            "You never sorted out the bathroom extractor fan, I complained about this before.",
            "Your complaint about the bathroom extractor fan went through both stages and had our final "
            "response, with the Ombudsman's details, in {month}.",
            "The fan was replaced after that response and our operative's photos show it working; you have "
            "told us of no fault since, so there is nothing new for a fresh complaint.",
        ),
        (
            "I'm still unhappy with the compensation you gave me for the leak last year.",
            "The amount offered for the leak was the subject of your stage 2 complaint, and our final "
            "response set out how we worked it out.",
            "We looked again at whether any further loss had come to light: you told us it had not, so the "
            "Ombudsman is the place to take it if you disagree with the amount.",
        ),
        (
            "Why did you close my complaint about the fencing? I want it looked at again.",
            "The rear fence was looked at in full in your complaint closed on {month}; you accepted our "
            "stage 1 response then and did not ask to escalate.",
            "We checked the fence record: the panels replaced then are still standing and no new damage is "
            "reported, so we have explained how to report any new problem as a repair.",
        ),
        (
            "Same as before, the parking bay outside is still being used by someone else.",
            "Parking on the bay outside your home had our final response at stage 2 earlier this year.",
            "We asked the estate officer whether anything had changed since: the bay is still unmarked "
            "public highway, which is the council's, as our response explained.",
        ),
    ),
    "legal_proceedings": (
        (
            "I'm complaining about the disrepair in my flat. My solicitor is also dealing with it.",
            "A disrepair claim about the same matters has been filed at court, so the court will "
            "decide it; we will still carry out the repairs.",
            "We checked with our legal team that the claim was issued and covers the same repairs; "
            "the repairs themselves are booked regardless.",
        ),
        (
            "My housing solicitor is suing you over the mould, and I want to make a complaint as well.",
            "The claim your solicitor issued in {month} is about the same mould and the same rooms, so the "
            "court process will deal with it.",
            "We checked the claim form with our solicitors; the mould wash and fan we promised are still "
            "booked, as the claim does not stop repairs.",
        ),
        (
            "I've started a small claim against you for my ruined sofa, and I'm complaining about it.",
            "Your small claim at the county court is for the sofa damaged by the leak, which is what this "
            "complaint is about; the court will decide it.",
            "We looked for anything in your complaint the claim does not cover: how long the leak took to "
            "fix is separate, and we have logged that as its own complaint.",
        ),
        (
            "You are taking me to court to get into my flat and I want to complain about it.",
            "The injunction hearing about access for the gas safety check is listed at court, and the "
            "court will decide whether access is granted.",
            "We considered whether the way our staff spoke to you could be looked at separately: it can, "
            "and we have invited you to tell us more about it.",
        ),
        (
            "My solicitor has sent you a letter of claim about the damp, and I want to complain too.",
            "Your solicitor's letter of claim under the disrepair protocol covers the damp in the {room}, "
            "so it is being dealt with through that process rather than as a complaint.",
            "We confirmed the claim names the same damp; the damp survey and repairs go ahead now, and how "
            "we handled the repairs before the claim can still be a complaint afterwards.",
        ),
        (
            "I'm taking you to court over the rent arrears, and I also want to complain about it.",
            "Possession proceedings about the same arrears are before the county court, which will decide "
            "what is owed.",
            "We considered whether anything in your contact fell outside the court case: the letter you "
            "say was wrong is part of it, and our income team will still talk to you about a payment plan.",
        ),
    ),
    "outside_time_limit": (
        (
            "I want to complain about how you handled my move into this flat. The flat was dirty and "
            "the cooker was broken when I moved in.",
            "The move took place more than 12 months ago and you raised no concerns at the time.",
            "We considered whether there was a good reason for the delay (for example illness); you "
            "told us there was not, and the cooker has since been replaced.",
        ),
        (
            "Back in 2022 you charged me for a lock change that wasn't my fault. I want it refunded.",
            "The lock change was charged more than 12 months ago, and your rent statements since have "
            "shown it without any query from you.",
            "We asked whether anything had kept you from raising it sooner; nothing had, and the job "
            "notes record the damage the charge was for, so we will not reopen it.",
        ),
        (
            "I want to complain about the state of the garden when I moved in three years ago.",
            "You moved in three years ago and this is the first time the garden has been raised with us.",
            "We considered whether the problem is still affecting you: the garden has been cleared since, "
            "and the fence you mentioned is on a repair we have now booked.",
        ),
        (
            "Years ago your officer told my mum she could stay, and now you say she can't.",
            "The conversation you describe took place more than 12 months ago, and the decision on "
            "succession was made and explained to your mother at the time.",
            "We checked whether anything new has happened: it has not, and we have explained how your "
            "mother can ask for the succession decision to be reviewed.",
        ),
        (
            "Two years ago your contractor damaged my carpet and never paid for it.",
            "The carpet was damaged in a repair two years ago, and the first we heard of it was this month.",
            "We asked whether anything had stopped you telling us sooner; nothing had, and the repair "
            "records no damage reported at the time, so we cannot now look into what happened.",
        ),
        (
            "I want to complain about the way my transfer application was handled in 2023.",
            "Your transfer application was decided more than 12 months ago, and you did not raise a "
            "concern with us then.",
            "We checked whether the problem was continuing: your current application is active and on the "
            "right band, so there is nothing still happening for a complaint to put right.",
        ),
    ),
    "landlord_policy": (
        (
            "I want to complain that my neighbour's extension blocks my light.",
            "Your neighbour owns their home; planning permission is a matter for the council. Our "
            "policy excludes disputes between neighbours over private property.",
            "We checked whether we had any part in the decision (we did not own or manage the land) "
            "and gave you the council's planning contact.",
        ),
        (
            "The people next door keep parking across my drive. Make them stop.",
            "The drive and the car are both on private land owned by your neighbours' freeholder; our "
            "policy does not cover disputes between private owners.",
            "We checked our land records (we own neither property) and gave you the details of the "
            "freeholder's managing agent and the community mediation service.",
        ),
        (
            "I want to complain about the noise from the pub at the end of the road.",
            "The pub is a private business licensed by the council, so noise from it is a matter for the "
            "council's environmental health team, not a complaint about our service.",
            "We checked whether any of our tenants or our land were involved (none are) and passed you the "
            "council's noise reporting line.",
        ),
        (
            "My landlord next door (a private one) won't fix the shared wall. Make him do it.",
            "The shared wall belongs to the neighbouring freeholder, and disputes with another owner over "
            "their property are outside what our complaints policy covers.",
            "We checked our title plan: our side of the wall is sound, and we have sent you the party wall "
            "guidance and the council's private housing team's details.",
        ),
        (
            "I'm unhappy with the government's benefit cap and what it has done to my rent.",
            "The benefit cap is set by the government and paid through the Department for Work and "
            "Pensions, so it is not something our complaints process can change.",
            "We looked at whether our own rent decision was part of it: it was not, and our money advice "
            "officer has booked a call with you about help with the shortfall.",
        ),
        (
            "The council won't collect my bins on time. I want to complain.",
            "Household bin collections are the council's service, not ours, so the council's own "
            "complaints process is the right place for this.",
            "We checked whether our bin store caused the missed collections: it was clear and unlocked on "
            "each day, and we have sent you the council's complaint form.",
        ),
    ),
}

WITHDRAWAL_REASONS = (
    "Resident phoned to say the repair has now been done and she does not want to take it further.",
    "Resident said he had sorted it out with the neighbourhood officer and withdrew the complaint.",
    "Resident withdrew by email: 'Thank you, all fixed now.'",
    "Representative confirmed the resident no longer wishes to pursue the complaint.",
)

ESCALATION_REASONS = (
    "The resident is not happy with the amount of compensation offered.",
    "The resident says the repair has still not been done.",
    "",
    "The resident feels the response did not address the harassment.",
    "",
    "The resident disputes our finding that the mould is caused by condensation.",
)

EXTENSION_REASONS = (
    "We need the surveyor's report before we can answer the complaint properly.",
    "The contractor's records are needed to answer the complaint and have been requested.",
    "The member of staff involved is on leave until next week and we need their account.",
    "We are waiting for the specialist damp report.",
)

GOOD_REASONS = (
    "Independent structural engineer's report needed; the engineer's earliest date is after the "
    "10 working days allowed.",
    "The complaint involves three contractors and the police; the resident agreed to the longer "
    "timescale by phone.",
)
