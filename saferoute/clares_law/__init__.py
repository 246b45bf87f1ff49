"""Clare's Law (the Domestic Violence Disclosure Scheme): asking the hub about a partner's past."""
