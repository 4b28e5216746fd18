"""Pure analysis of messages: warning-pattern flags and timeline figures."""
