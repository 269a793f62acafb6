"""Imports every model so that metadata (and Alembic autogenerate) sees all tables."""
from lms.audit.models import AuditEvent  # noqa: F401
from lms.auth.models import User  # noqa: F401
from lms.authoring.models import ContentImage, LocalResource, ModuleDraft, VersionSource  # noqa: F401
from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, Team, TeamMember  # noqa: F401
from lms.centers.models import (  # noqa: F401
                                     Center,
                                     Invitation,  # noqa: F401
                                     Membership,
)
from lms.certificates.models import (  # noqa: F401
                                     BulkJob,
                                     CenterKey,
                                     CenterProgramSettings,
                                     CenterSettings,
                                     Certificate,
                                     CertificateDocument,
                                     CertificateRevocation,
                                     IssuanceRequest,
)
from lms.curriculum.models import Lesson, Module, ModuleVersion  # noqa: F401
from lms.evaluations.models import CourseEvaluation, ObjectiveRating, TimeOnTask  # noqa: F401
from lms.practicum.models import (  # noqa: F401
                                     ApprovedSupervisor,
                                     LiveSession,
                                     PracticumEntry,
                                     PracticumSettings,
                                     SessionRegistration,
                                     SignoffRequest,
)
from lms.programs.models import Program, ProgramVersion  # noqa: F401
from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion  # noqa: F401
from lms.quizzes.item_models import QuizItemResponse  # noqa: F401
from lms.quizzes.models import AttemptAnswer, QuizAttempt, QuizVersion  # noqa: F401
from lms.reminders.models import MailOptOut, ReminderSent  # noqa: F401
