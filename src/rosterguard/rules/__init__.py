"""The rule registry: the one place codes are assigned."""

from rosterguard.rules.analysis_failure import AnalysisFailure
from rosterguard.rules.base import Rule
from rosterguard.rules.misplaced_guard import MisplacedGuard
from rosterguard.rules.open_default_permissions import OpenDefaultPermissions
from rosterguard.rules.public_customer_list import PublicCustomerList
from rosterguard.rules.public_customer_record import PublicCustomerRecord
from rosterguard.rules.public_usage_counts import PublicUsageCounts
from rosterguard.rules.unscoped_customer_list import UnscopedCustomerList
from rosterguard.rules.unscoped_customer_record import UnscopedCustomerRecord
from rosterguard.rules.unscoped_usage_counts import UnscopedUsageCounts

ANALYSIS_FAILURE = AnalysisFailure()
RULES: tuple[Rule, ...] = (
    PublicCustomerList(),
    PublicUsageCounts(),
    PublicCustomerRecord(),
    UnscopedCustomerList(),
    UnscopedUsageCounts(),
    UnscopedCustomerRecord(),
    OpenDefaultPermissions(),
    MisplacedGuard(),
    ANALYSIS_FAILURE,
)

__all__ = ["ANALYSIS_FAILURE", "RULES", "Rule"]
