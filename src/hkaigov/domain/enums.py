"""Closed vocabularies of the manifest (the v1 contract in DESIGN.md) and of the engine.

Values may be added, never renamed or removed without a migration note.
"""

from __future__ import annotations

from enum import StrEnum


class RiskTier(StrEnum):
    """The DPO Guideline's four tiers (Table 1), ordered by `rank`."""

    LOW = "low"
    LIMITED = "limited"
    HIGH = "high"
    UNACCEPTABLE = "unacceptable"

    @property
    def rank(self) -> int:
        return _TIER_RANK[self]


_TIER_RANK = {RiskTier.LOW: 0, RiskTier.LIMITED: 1, RiskTier.HIGH: 2, RiskTier.UNACCEPTABLE: 3}


class Role(StrEnum):
    """The DPO Guideline's three stakeholder roles (Background, p.2)."""

    TECHNOLOGY_DEVELOPER = "technology_developer"
    SERVICE_PROVIDER = "service_provider"
    SERVICE_USER = "service_user"


class Activity(StrEnum):
    DEVELOPS = "develops"
    PROVIDES = "provides"
    USES = "uses"


ROLE_OF_ACTIVITY: dict[Activity, Role] = {
    Activity.DEVELOPS: Role.TECHNOLOGY_DEVELOPER,
    Activity.PROVIDES: Role.SERVICE_PROVIDER,
    Activity.USES: Role.SERVICE_USER,
}


class Sector(StrEnum):
    BANKING = "banking"
    SECURITIES = "securities"
    INSURANCE = "insurance"
    MPF = "mpf"
    STORED_VALUE = "stored_value"
    VIRTUAL_ASSETS = "virtual_assets"
    MONEY_LENDING = "money_lending"
    HEALTHCARE = "healthcare"
    PUBLIC_SECTOR = "public_sector"
    EDUCATION = "education"
    RETAIL = "retail"
    TELECOM = "telecom"
    TECHNOLOGY = "technology"
    TRANSPORT = "transport"
    PROPERTY = "property"
    LEGAL = "legal"
    MEDIA = "media"
    OTHER = "other"


class LifecycleStage(StrEnum):
    PLANNING = "planning"
    DESIGN = "design"
    DEVELOPMENT = "development"
    TESTING = "testing"
    DEPLOYMENT = "deployment"
    OPERATION = "operation"
    RETIREMENT = "retirement"


class Modality(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    CODE = "code"
    TABULAR = "tabular"
    BIOMETRIC = "biometric"


class Purpose(StrEnum):
    CREDIT_DECISION = "credit_decision"
    INSURANCE_UNDERWRITING = "insurance_underwriting"
    CLAIMS_DECISION = "claims_decision"
    INVESTMENT_ADVICE = "investment_advice"
    TRADING = "trading"
    FRAUD_DETECTION = "fraud_detection"
    AML_MONITORING = "aml_monitoring"
    CUSTOMER_SERVICE = "customer_service"
    MARKETING = "marketing"
    CONTENT_GENERATION = "content_generation"
    RECRUITMENT = "recruitment"
    EMPLOYEE_MONITORING = "employee_monitoring"
    MEDICAL_DIAGNOSIS = "medical_diagnosis"
    MEDICAL_TRIAGE = "medical_triage"
    EDUCATION_ASSESSMENT = "education_assessment"
    PUBLIC_SERVICE_ELIGIBILITY = "public_service_eligibility"
    LAW_ENFORCEMENT = "law_enforcement"
    BIOMETRIC_IDENTIFICATION = "biometric_identification"
    EMOTION_RECOGNITION = "emotion_recognition"
    SOCIAL_SCORING = "social_scoring"
    BEHAVIOURAL_MANIPULATION = "behavioural_manipulation"
    SYNTHETIC_MEDIA = "synthetic_media"
    CODE_GENERATION = "code_generation"
    INTERNAL_PRODUCTIVITY = "internal_productivity"
    DOCUMENT_PROCESSING = "document_processing"
    TRANSLATION = "translation"
    SEARCH = "search"
    RECOMMENDATION = "recommendation"
    OTHER = "other"


class AffectedGroup(StrEnum):
    CUSTOMERS = "customers"
    PUBLIC = "public"
    EMPLOYEES = "employees"
    JOB_APPLICANTS = "job_applicants"
    PATIENTS = "patients"
    STUDENTS = "students"
    CHILDREN = "children"
    ELDERLY = "elderly"
    VULNERABLE_GROUPS = "vulnerable_groups"
    OTHER_BUSINESSES = "other_businesses"


class DecisionImpact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    SIGNIFICANT = "significant"


class ImpactArea(StrEnum):
    LEGAL = "legal"
    FINANCIAL = "financial"
    HEALTH = "health"
    SAFETY = "safety"
    EMPLOYMENT = "employment"
    EDUCATION = "education"
    HOUSING = "housing"
    ESSENTIAL_SERVICES = "essential_services"
    LIBERTY = "liberty"
    REPUTATION = "reputation"


class HumanOversight(StrEnum):
    """The PCPD Model Framework's three oversight models."""

    HUMAN_IN_THE_LOOP = "human_in_the_loop"
    HUMAN_IN_COMMAND = "human_in_command"
    HUMAN_OUT_OF_THE_LOOP = "human_out_of_the_loop"


class SensitiveData(StrEnum):
    BIOMETRIC = "biometric"
    HEALTH = "health"
    FINANCIAL = "financial"
    IDENTITY_DOCUMENTS = "identity_documents"
    CHILDREN = "children"
    CRIMINAL_RECORDS = "criminal_records"
    LOCATION = "location"
    ETHNICITY = "ethnicity"
    RELIGION = "religion"
    POLITICAL = "political"
    SEXUAL_ORIENTATION = "sexual_orientation"


class ModelAccess(StrEnum):
    API = "api"
    WEIGHTS = "weights"
    EMBEDDED = "embedded"


class EvidenceStatus(StrEnum):
    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class EvidenceKind(StrEnum):
    DOCUMENT = "document"
    TEST_RESULT = "test_result"
    ATTESTATION = "attestation"


class Confidence(StrEnum):
    """How firm a control's source is, carried from the reference's tags."""

    CONFIRMED = "confirmed"
    SECONDARY = "secondary"
    UNCONFIRMED = "unconfirmed"


class ControlKind(StrEnum):
    EXPECTED = "expected"
    RECOMMENDED = "recommended"


class ControlScope(StrEnum):
    SYSTEM = "system"
    ORGANISATION = "organisation"


class Dimension(StrEnum):
    """The DPO Guideline's five governance dimensions (§2.2), plus `governance`.

    `governance` is hkaigov's own grouping for accountability and management-system duties
    (inventories, committees, policies) that the five dimensions do not name.
    """

    PERSONAL_DATA_PRIVACY = "personal_data_privacy"
    INTELLECTUAL_PROPERTY = "intellectual_property"
    CRIME_PREVENTION = "crime_prevention"
    RELIABILITY_TRUSTWORTHINESS = "reliability_trustworthiness"
    SYSTEM_SECURITY = "system_security"
    GOVERNANCE = "governance"


class Binding(StrEnum):
    BINDING = "binding"
    SUPERVISORY = "supervisory"
    VOLUNTARY = "voluntary"
    POLICY = "policy"
    PROPOSAL = "proposal"
    NONE = "none"


class RuleBasis(StrEnum):
    INSTRUMENT = "instrument"
    INTERPRETATION = "interpretation"


class UserRole(StrEnum):
    """Who may do what in the register (enforced in `services`, never only in an interface)."""

    ADMIN = "admin"
    ASSESSOR = "assessor"
    REVIEWER = "reviewer"
    VIEWER = "viewer"


class StoredEvidenceKind(StrEnum):
    """How a piece of evidence is held in the register."""

    FILE = "file"
    LINK = "link"
    ATTESTATION = "attestation"


class SignOffDecision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
