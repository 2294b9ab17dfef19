"""Open Referral HSDS 3.0: the mapping of the catalogue (serialise.py), the API (api.py) and
the SSRF-safe fetch of a feed (fetch.py)."""
