"""The programme's reference texts, for translation: names, units and descriptions of the S3
domains, KPI definitions and statistical indicators that migrations load from regions/data/*.csv.

makemessages reads no CSV, so every such text is listed here with gettext_noop; the models show
them through gettext (`label`, `unit_label`, `description_label`), so a text an admin has since
changed stays as written. tests/regions/test_reference_texts.py checks that this list and the
CSV files agree.
"""

from django.utils.translation import gettext_noop

TEXTS = [
    # S3 domains (s3_domains.csv)
    gettext_noop("Bio-economy"),
    gettext_noop("Sustainable use of renewable biological resources from land and sea for food, materials and energy."),
    gettext_noop("Food and agri-food"),
    gettext_noop("Primary production, food processing, alternative proteins and food safety."),
    gettext_noop("Forest-based value chains"),
    gettext_noop("Forestry, wood, pulp and paper, wood-based construction and bio-based materials."),
    gettext_noop("Blue bio-economy"),
    gettext_noop("Fisheries, aquaculture, algae and marine biotechnology."),
    gettext_noop("Bio-based chemicals and materials"),
    gettext_noop("Biorefineries, bio-based plastics, textiles and fine chemicals."),
    gettext_noop("Bioenergy and biofuels"),
    gettext_noop("Biogas, advanced biofuels and bio-based energy systems."),
    gettext_noop("Industrial and health biotechnology"),
    gettext_noop("Enzymes, fermentation, diagnostics and biopharmaceuticals."),
    gettext_noop("Circular economy"),
    gettext_noop("Keeping products, components and materials in use at their highest value."),
    gettext_noop("Waste to value"),
    gettext_noop("Collection, sorting and valorisation of waste streams and side streams."),
    gettext_noop("Water and nutrient recovery"),
    gettext_noop("Wastewater treatment, nutrient and resource recovery."),
    gettext_noop("Secondary raw materials and recycling"),
    gettext_noop("Recycled materials, material passports, chemical and mechanical recycling."),
    gettext_noop("Circular design and business models"),
    gettext_noop("Eco-design, product-as-a-service, repair, reuse and remanufacturing."),
    gettext_noop("Circular construction"),
    gettext_noop("Reuse of building materials, low-carbon and bio-based construction."),
    gettext_noop("Digital enablers"),
    gettext_noop("Digital technologies that enable the bio-economy and circular economy."),
    gettext_noop("Data and artificial intelligence"),
    gettext_noop("Data platforms, analytics, machine learning and decision support."),
    gettext_noop("Sensors and Internet of Things"),
    gettext_noop("Sensing, monitoring and connected devices for production and resource flows."),
    gettext_noop("Automation and robotics"),
    gettext_noop("Process automation, robotics and digital twins for manufacturing and processing."),
    gettext_noop("Traceability and digital product passports"),
    gettext_noop("Tracking materials and products through value chains."),
    # KPI definitions (kpi_definitions.csv)
    gettext_noop("SMEs in research–business matchmaking events"),
    gettext_noop("SMEs"),
    gettext_noop("Distinct SMEs that took part in at least one research–business matchmaking event."),
    gettext_noop("SMEs in transnational coaching"),
    gettext_noop("Distinct SMEs that received transnational coaching."),
    gettext_noop("SMEs with transnational access to bio-economy test facilities"),
    gettext_noop("Distinct SMEs that used a test facility in another country."),
    gettext_noop("Regional and national authorities in policy learning"),
    gettext_noop("authorities"),
    gettext_noop(
        "Distinct authorities that took part in peer reviews, study visits, workshops or policy-learning events."
    ),
    gettext_noop("Policy briefs published"),
    gettext_noop("policy briefs"),
    gettext_noop("Policy briefs with recommendations published for regional, national and EU level."),
    gettext_noop("SMEs registered in the portal"),
    gettext_noop("Distinct companies that meet the EU SME definition."),
    # statistical indicators (statistic_indicators.csv)
    gettext_noop("Employment in manufacturing (NACE C)"),
    # xgettext:no-python-format
    gettext_noop("% of employment"),
    gettext_noop("Share of total employment."),
    gettext_noop("Employment in agriculture, forestry and fishing (NACE A)"),
    gettext_noop("R&D expenditure (GERD)"),
    # xgettext:no-python-format
    gettext_noop("% of GDP"),
    gettext_noop("Gross domestic expenditure on R&D."),
    gettext_noop("GDP per inhabitant"),
    gettext_noop("PPS"),
    gettext_noop("Purchasing power standard per inhabitant."),
    gettext_noop("Active enterprises"),
    gettext_noop("enterprises"),
    gettext_noop("Number of active enterprises."),
    # KPI definitions of coaching (its migration 0002_kpi_definitions)
    gettext_noop("Coaching hours delivered"),
    gettext_noop("hours"),
    gettext_noop("Hours of coaching sessions the coached companies confirmed."),
    gettext_noop("Coaching outcomes: financing applications submitted"),
    gettext_noop("outcomes"),
    gettext_noop("Financing applications coached companies submitted (programme, amount)."),
    gettext_noop("Coaching outcomes: international cooperation started"),
    gettext_noop("International cooperation coached companies started, with the partner country."),
    gettext_noop("Coaching outcomes: test-facility use planned"),
    gettext_noop("Coached companies that plan to use a test facility."),
    gettext_noop("Coaching outcomes: new markets entered"),
    gettext_noop("New markets (countries) coached companies entered."),
    # KPI definitions of testbeds (its migration 0003_kpi_definitions)
    gettext_noop("Test-facility access vouchers granted"),
    gettext_noop("vouchers"),
    gettext_noop("Transnational access vouchers the programme granted."),
    gettext_noop("Test-facility access vouchers granted (EUR)"),
    gettext_noop("EUR"),
    gettext_noop("The sum of the vouchers granted, in euros."),
    gettext_noop("Test-facility bookings, by the facility's country"),
    gettext_noop("bookings"),
    gettext_noop("Active bookings of test-facility units, counted in the facility's region and country."),
]
