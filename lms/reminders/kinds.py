"""The kinds of reminder email, as a person sees them on their email settings page."""
from __future__ import annotations

DUE_SOON = "due_soon"
DUE_TOMORROW = "due_tomorrow"
OVERDUE = "overdue"
CERTIFICATE_EXPIRING = "certificate_expiring"
DIGEST = "weekly_digest"

# kind: (label on the settings page, what it is)
KINDS = {
    DUE_SOON: ("Due within a week", "An assignment you have not finished is due within 7 days."),
    DUE_TOMORROW: ("Due tomorrow", "An assignment you have not finished is due tomorrow."),
    OVERDUE: ("Overdue", "An assignment you have not finished is past its due date (sent once)."),
    CERTIFICATE_EXPIRING: ("Certificate expiring", "Your certificate expires in 90, 60 or 30 days."),
    DIGEST: ("Weekly digest", "Center admins and agency coordinators: the week's numbers for your center "
                              "or agency."),
}
DUE_KINDS = (DUE_SOON, DUE_TOMORROW, OVERDUE)
