"""The request's workflow, split by what it is about: requests (ask, handle, decide, hand
over), referrals (the leg to a provider) and privacy (anonymise, delete, export)."""
