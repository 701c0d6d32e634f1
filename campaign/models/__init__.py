from .calendar import CalendarPage
from .days import ProgrammeDayPage
from .events import AttendanceMode, EventHost, EventKind, EventPage
from .years import CampaignYearPage, KeyQuestion, TeamMember, YearStatus

__all__ = [
    "AttendanceMode",
    "CalendarPage",
    "CampaignYearPage",
    "EventHost",
    "EventKind",
    "EventPage",
    "KeyQuestion",
    "ProgrammeDayPage",
    "TeamMember",
    "YearStatus",
]
