"""The consultants' work queue (werkbak): views, forms, urls."""
