"""Content packs: the YAML guide, practice questions and note templates, validated.

Load once with `default_library()` (cached) or `load_library(path)`; both raise
`ContentError` listing every `file:line: problem`. `check_content(path)` returns the
problems instead, for `prepbot content check`.
"""

from bot.content._feedback_models import (
    CategoryCoaching,
    Cliche,
    FeedbackRules,
    Language,
    Length,
    MeasureRules,
    ReadingRules,
    WordingRules,
)
from bot.content._models import (
    Category,
    Checklist,
    ContentLibrary,
    GuideTopic,
    MockInterviewScript,
    NoteTemplate,
    Question,
    RenderedNote,
    RoleGroup,
    RoleRule,
    Section,
    StoryTheme,
)
from bot.content.loader import (
    ENV_VAR,
    ContentError,
    check_content,
    default_content_dir,
    default_library,
    load_library,
)
from bot.content.schema import (
    ASK_CATEGORIES,
    CATEGORY_IDS,
    DEFAULT_ROLE_GROUP,
    ROLE_GROUP_IDS,
    STORY_THEME_IDS,
    TOPIC_IDS,
)

__all__ = [
    "ASK_CATEGORIES",
    "CATEGORY_IDS",
    "DEFAULT_ROLE_GROUP",
    "ENV_VAR",
    "ROLE_GROUP_IDS",
    "STORY_THEME_IDS",
    "TOPIC_IDS",
    "Category",
    "CategoryCoaching",
    "Checklist",
    "Cliche",
    "ContentError",
    "ContentLibrary",
    "FeedbackRules",
    "GuideTopic",
    "Language",
    "Length",
    "MeasureRules",
    "MockInterviewScript",
    "NoteTemplate",
    "Question",
    "ReadingRules",
    "RenderedNote",
    "RoleGroup",
    "RoleRule",
    "Section",
    "StoryTheme",
    "WordingRules",
    "check_content",
    "default_content_dir",
    "default_library",
    "load_library",
]
