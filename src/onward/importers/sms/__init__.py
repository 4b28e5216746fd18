"""Android SMS, MMS and call-log importers."""
