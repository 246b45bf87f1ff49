"""What the guidance pages paraphrase, and the laws they name: one home for each citation.

A guidance page cites the recognised guidance its words come from (Women's Aid,
Refuge, SafeLives, GOV.UK, Kent services). Titles and law names are proper
names: shown as written, never translated, so they live here and not in a
catalogue. `checked` is the day the page's wording was last compared with the
source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CHECKED = date(2026, 12, 1)


@dataclass(frozen=True)
class Citation:
    title: str
    url: str
    checked: date = CHECKED


@dataclass(frozen=True)
class Law:
    """An Act (and section) named in one line of a page, linked to its text."""

    name: str
    url: str


# Recognised guidance ------------------------------------------------------------------------------

WOMENS_AID_COERCIVE_CONTROL = Citation(
    "Women's Aid: What is coercive control?",
    "https://www.womensaid.org.uk/information-support/what-is-domestic-abuse/coercive-control/",
)
WOMENS_AID_LEAVING = Citation(
    "Women's Aid, The Survivor's Handbook: I want to leave my relationship safely",
    "https://www.womensaid.org.uk/information-support/the-survivors-handbook/i-want-to-leave-my-relationship-safely/",
)
WEST_MERCIA_WOMENS_AID = Citation(
    "West Mercia Women's Aid: Safety planning when still in the relationship",
    "https://www.westmerciawomensaid.org/help-support/i-need-help/safety-planning-when-still-in-the-relationship/",
)
REFUGE_COERCIVE_CONTROL = Citation("Refuge: Coercive control", "https://refuge.org.uk/i-need-help-now/coercive-control")
REFUGE_ECONOMIC_ABUSE = Citation(
    "Refuge: Financial and economic abuse",
    "https://www.refuge.org.uk/get-help-now/support-for-women/financial-abuse/",
)
REFUGE_TECH_ABUSE = Citation(
    "Refuge: Secure your tech", "https://refuge.org.uk/i-need-help-now/how-we-can-help-you/secure-your-tech/"
)
SAFETY_NET_CLOUD = Citation("Safety Net (NNEDV): Survivors and the cloud", "https://www.techsafety.org/survivorscloud")
SAFELIVES_IDVA = Citation(
    "SafeLives: What is an Idva?",
    "https://safelives.org.uk/about-domestic-abuse/domestic-abuse-response-in-the-uk/",
)
CONSENT_IN_RELATIONSHIPS = Citation(
    "Nottinghamshire Sexual Violence Support Services: Consent in a relationship",
    "https://nottssvss.org.uk/consent-coalition/campaigns/consent-in-relationship",
)
GOV_UK_GET_HELP = Citation(
    "GOV.UK: Domestic abuse: how to get help", "https://www.gov.uk/guidance/domestic-abuse-how-to-get-help"
)
GOV_UK_CLARES_LAW = Citation(
    "GOV.UK: Domestic Violence Disclosure Scheme (Clare's Law) statutory guidance",
    "https://www.gov.uk/government/publications/domestic-violence-disclosure-scheme-pilot-guidance/domestic-violence-disclosure-scheme-accessible",
)
# Clare's Law: what happens after someone asks. Surrey Police's page is on the national police
# website platform, as Kent Police's is.
SURREY_POLICE_CLARES_LAW = Citation(
    "Surrey Police: Clare's Law",
    "https://www.surrey.police.uk/advice/advice-and-information/daa/domestic-abuse/af/clares-law/",
)
CAMBS_POLICE_CLARES_LAW = Citation(
    "Cambridgeshire Constabulary: Clare's Law, domestic violence disclosure",
    "https://www.cambs.police.uk/information-and-services/Domestic-abuse/Clares-law",
)
BEDFORDSHIRE_POLICE_CLARES_LAW = Citation(
    "Bedfordshire Police: Clare's Law Disclosure Scheme steps",
    "https://www.bedfordshire.police.uk/apply/Clares-Law/Clares-Law-Disclosure-Scheme-steps",
)
NOTTINGHAMSHIRE_POLICE_CLARES_LAW = Citation(
    "Nottinghamshire Police: How does the Domestic Violence Disclosure Scheme work?",
    "https://www.nottinghamshire.police.uk/faqs/how-does-domestic-violence-disclosure-scheme-work",
)
SARSAS_CLARES_LAW = Citation(
    "SARSAS (Somerset and Avon Rape and Sexual Abuse Support): Clare's Law",
    "https://sarsas.org.uk/resources/clares-law",
)
THRESHOLD_CLARES_LAW = Citation(
    "Threshold Domestic Abuse Service: Clare's Law", "https://threshold-das.org.uk/claires-law/"
)
GOV_UK_INJUNCTION = Citation(
    "GOV.UK: Get an injunction if you've been the victim of domestic abuse",
    "https://www.gov.uk/injunction-domestic-violence",
)
COLLEGE_OF_POLICING_HBA = Citation(
    "College of Policing: Forced marriage and honour-based abuse",
    "https://www.college.police.uk/app/major-investigation-and-public-protection/forced-marriage-and-honour-based-abuse",
)
COLLEGE_OF_POLICING_IMAGES = Citation(
    "College of Policing: Sharing photographs or film of people in an intimate state",
    "https://www.college.police.uk/guidance/sharing-photographs-of-people-intimate-state",
)
HMICFRS_STALKING = Citation(
    "HM Inspectorate of Constabulary: Stalking", "https://hmicfrs.justiceinspectorates.gov.uk/glossary/stalking/"
)
DOGS_TRUST_FREEDOM = Citation(
    "Dogs Trust: Freedom Project",
    "https://www.dogstrust.org.uk/help-advice/hope-project-freedom-project/freedom-project",
)

# Kent services ------------------------------------------------------------------------------------

KENT_DAS_ADULTS = Citation(
    "Kent and Medway Domestic Abuse Services: Support for adults", "https://www.domesticabuseservices.org.uk/?p=44"
)
KENT_DAS_CONCERNED = Citation(
    "Kent and Medway Domestic Abuse Services: Concerned for a friend or family member?",
    "https://www.domesticabuseservices.org.uk/latest-news-articles-advice/concerned/",
)
RISING_SUN = Citation(
    "Rising Sun Domestic Violence and Abuse Service (Kent): I'm worried about someone else",
    "https://risingsunkent.com/help-advice/im-worried-about-someone-else",
)
KENT_COUNTY_COUNCIL = Citation(
    "Kent County Council: Domestic abuse (the SAFER scheme)",
    "https://kent.gov.uk/leisure-and-community/community-safety/domestic-abuse",
)
KENT_POLICE_HUB = Citation(
    "Isle of Thanet News: Kent Police launch new Domestic Abuse Hub (18 May 2022)",
    "https://theisleofthanetnews.com/2022/05/18/kent-police-launch-new-domestic-abuse-hub/",
)

# What the Clare's Law page, form and sent page say happens next comes from these (and the
# answer time from the directory, with its own sources).
CLARES_LAW = (
    GOV_UK_CLARES_LAW,
    SURREY_POLICE_CLARES_LAW,
    CAMBS_POLICE_CLARES_LAW,
    BEDFORDSHIRE_POLICE_CLARES_LAW,
    NOTTINGHAMSHIRE_POLICE_CLARES_LAW,
    SARSAS_CLARES_LAW,
    THRESHOLD_CLARES_LAW,
)

# Laws named on the pages --------------------------------------------------------------------------

COERCIVE_CONTROL_LAW = Law(
    "Serious Crime Act 2015, section 76", "https://www.legislation.gov.uk/ukpga/2015/9/section/76"
)
STRANGULATION_LAW = Law(
    "Serious Crime Act 2015, section 75A", "https://www.legislation.gov.uk/ukpga/2015/9/section/75A"
)
SEXUAL_OFFENCES_LAW = Law("Sexual Offences Act 2003", "https://www.legislation.gov.uk/ukpga/2003/42/contents")
INTIMATE_IMAGES_LAW = Law(
    "Sexual Offences Act 2003, section 66B", "https://www.legislation.gov.uk/ukpga/2003/42/section/66B"
)
DOMESTIC_ABUSE_LAW = Law("Domestic Abuse Act 2021, section 1", "https://www.legislation.gov.uk/ukpga/2021/17/section/1")
STALKING_LAW = Law(
    "Protection from Harassment Act 1997, section 2A", "https://www.legislation.gov.uk/ukpga/1997/40/section/2A"
)
FORCED_MARRIAGE_LAW = Law(
    "Anti-social Behaviour, Crime and Policing Act 2014, section 121",
    "https://www.legislation.gov.uk/ukpga/2014/12/section/121",
)
