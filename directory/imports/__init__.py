"""One plan -> apply pipeline for catalogue imports: a CSV file (csv_io.py) or an HSDS feed
(hsds.py) becomes a plan that is checked and shown, then applied (apply.py), in the
background for large files (tasks.py)."""
