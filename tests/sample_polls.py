"""Poll files the dashboard tests upload or link to (AppTest and browser tests alike)."""

# A two-region poll that is in no library: its firm, commissioners and fieldwork must travel
# whole in a share link.
UPLOADED_POLL = b"""firm = "Test Research"
commissioners = ["De Testkrant", "Le Journal d'Essai"]
fieldwork_start = 2025-03-03
fieldwork_end = 2025-03-12

[VLG]
sample_size = 1234
NVA = 31.5
VB = 22.0
VOORUIT = 14.0
CDV = 9.5
GROEN = 7.0
PVDA = 6.5
OPENVLD = 5.0
OTHER = 4.5

[WAL]
sample_size = 876
MR = 28.0
PS = 24.0
LE = 19.0
PTB = 14.0
ECOLO = 6.0
OTHER = 9.0
"""
