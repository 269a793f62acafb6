"""Imports every model so that metadata (and Alembic autogenerate) sees all tables."""
from lms.audit.models import AuditEvent  # noqa: F401
from lms.auth.models import User  # noqa: F401
from lms.centers.models import Center, Membership  # noqa: F401
from lms.curriculum.models import Lesson, Module, ModuleVersion  # noqa: F401
from lms.progress.models import Enrollment, LessonProgress, ModuleCompletion  # noqa: F401
from lms.quizzes.models import AttemptAnswer, QuizAttempt, QuizVersion  # noqa: F401
from lms.certificates.models import (BulkJob, CenterKey, CenterProgramSettings, CenterSettings,  # noqa: F401
                                     Certificate, CertificateDocument, CertificateRevocation, IssuanceRequest)
from lms.programs.models import Program, ProgramVersion  # noqa: F401
from lms.centers.models import Invitation  # noqa: F401
from lms.centers.cohort_models import Assignment, Cohort, CohortMember, CohortTrainer, Team, TeamMember  # noqa: F401
from lms.reminders.models import MailOptOut, ReminderSent  # noqa: F401
from lms.authoring.models import LocalResource, ModuleDraft, VersionSource  # noqa: F401
from lms.practicum.models import (ApprovedSupervisor, LiveSession, PracticumEntry, PracticumSettings,  # noqa: F401
                                  SessionRegistration, SignoffRequest)
