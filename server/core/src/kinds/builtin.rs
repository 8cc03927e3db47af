//! The built-in kinds, as data.
//!
//! Each kind is one [`KindRow`] in [`BUILTIN`]: its sections (canonical name, accepted aliases,
//! whether required, a one-line purpose, and a template body with `{placeholders}` in MADR's
//! style), its status vocabulary, and where it keeps its metadata. [`builtin_kinds`] turns the rows
//! into [`Kind`] values; `docwright.toml` may override any field of any of them.

use crate::kinds::{Kind, MetaLocation, SectionSpec, StatusSpec, StatusVocabulary};

/// One section of a built-in kind.
struct SectionRow {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    purpose: &'static str,
    template: &'static str,
}

/// One status of a built-in kind.
struct StatusRow {
    name: &'static str,
    aliases: &'static [&'static str],
    takes_reference: bool,
    meaning: &'static str,
}

/// One built-in kind; every field maps onto the [`Kind`] field of the same name.
struct KindRow {
    name: &'static str,
    display_name: &'static str,
    description: &'static str,
    title_required: bool,
    title_template: &'static str,
    status_required: bool,
    status_location: MetaLocation,
    date_required: bool,
    date_location: MetaLocation,
    front_matter_keys: &'static [&'static str],
    metadata_keys: &'static [&'static str],
    id_prefix: Option<&'static str>,
    id_pattern: Option<&'static str>,
    statuses: &'static [StatusRow],
    /// Whether the format's own list of statuses is open (ends in "…") or the usual set.
    status_vocabulary: StatusVocabulary,
    sections: &'static [SectionRow],
    /// Orders of the sections accepted besides the order of `sections`.
    other_orders: &'static [&'static [&'static str]],
    /// The file name of a new document when it is not numbered (see [`Kind::file_name`]).
    file_name: Option<&'static str>,
}

const fn section(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    purpose: &'static str,
    template: &'static str,
) -> SectionRow {
    SectionRow {
        name,
        aliases,
        required,
        purpose,
        template,
    }
}

const fn status(name: &'static str, meaning: &'static str) -> StatusRow {
    StatusRow {
        name,
        aliases: &[],
        takes_reference: false,
        meaning,
    }
}

const REQUIRED: bool = true;
const OPTIONAL: bool = false;

/// Statuses shared by the two ADR formats (Nygard, MADR).
const DECISION_STATUSES: &[StatusRow] = &[
    status(
        "proposed",
        "Under discussion; the decision is not made yet.",
    ),
    status("accepted", "Decided: this is how the team works now."),
    status(
        "rejected",
        "Considered and turned down; kept as a record of why.",
    ),
    status(
        "deprecated",
        "No longer current, and not replaced by a specific later decision.",
    ),
    StatusRow {
        name: "superseded",
        // adr-tools writes "Superceded by" (sic); its records must still match.
        aliases: &["superceded"],
        takes_reference: true,
        meaning: "Replaced by a later decision, which the status names (\"superseded by ADR-0012\").",
    },
];

const ADR: KindRow = KindRow {
    file_name: None,
    name: "adr",
    display_name: "Architecture decision record (Nygard)",
    description: "One architecturally significant decision, its context and its consequences, in Michael Nygard's format.",
    title_required: true,
    title_template: "# {number}. {title}",
    status_required: true,
    status_location: MetaLocation::Section,
    date_required: true,
    date_location: MetaLocation::Line,
    front_matter_keys: &[],
    metadata_keys: &[],
    id_prefix: Some("ADR"),
    id_pattern: Some(r"^(\d+)-"),
    statuses: DECISION_STATUSES,
    status_vocabulary: StatusVocabulary::Usual,
    // adr-tools writes Status first (the order of `sections`); Nygard's 2011 post "Documenting
    // Architecture Decisions" lists Title, Context, Decision, Status, Consequences.
    other_orders: &[&["Context", "Decision", "Status", "Consequences"]],
    sections: &[
        section(
            "Status",
            &[],
            REQUIRED,
            "Where the decision stands: proposed, accepted, rejected, deprecated, or superseded by a named later record.",
            "{proposed | accepted | rejected | deprecated | superseded by [ADR-NNNN](NNNN-title.md)}",
        ),
        section(
            "Context",
            &[],
            REQUIRED,
            "The forces at play (technical, political, social, project-local) that make a decision necessary, stated neutrally.",
            "{Describe the forces at play and the problem that calls for a decision, without arguing for a solution yet.}",
        ),
        section(
            "Decision",
            &[],
            REQUIRED,
            "The response to those forces, stated in full sentences in the active voice: \"We will …\".",
            "We will {decision, in full sentences and the active voice}.",
        ),
        section(
            "Consequences",
            &[],
            REQUIRED,
            "What becomes easier and what becomes harder once the decision is applied, good and bad alike.",
            "{Describe the resulting context: what becomes easier, what becomes harder, and what follows on from this decision.}",
        ),
    ],
};

const MADR: KindRow = KindRow {
    file_name: None,
    name: "madr",
    display_name: "Markdown architectural decision record (MADR)",
    description: "One decision, the options considered and why the chosen one won, in the MADR format.",
    title_required: true,
    title_template: "# {title}",
    // MADR marks all its metadata optional.
    status_required: false,
    status_location: MetaLocation::FrontMatter,
    date_required: false,
    date_location: MetaLocation::FrontMatter,
    // `deciders` is MADR 2/3's name for `decision-makers`.
    front_matter_keys: &[
        "status",
        "date",
        "decision-makers",
        "consulted",
        "informed",
        "deciders",
    ],
    metadata_keys: &["decision-makers", "deciders", "consulted", "informed"],
    id_prefix: Some("ADR"),
    id_pattern: Some(r"^(\d+)-"),
    statuses: DECISION_STATUSES,
    // MADR's template lists its statuses as `proposed | rejected | accepted | deprecated | … |
    // superseded by …`: the "…" leaves the list open.
    status_vocabulary: StatusVocabulary::Open,
    other_orders: &[],
    sections: &[
        section(
            "Context and Problem Statement",
            &["Context", "Problem Statement", "Context and Problem"],
            REQUIRED,
            "The situation and the problem to decide, in two or three sentences or a short story, ideally ending in a question.",
            "{Describe the context and problem statement, e.g., in free form using two to three sentences or in the form of an illustrative story. You may want to articulate the problem in form of a question.}",
        ),
        section(
            "Decision Drivers",
            &["Drivers"],
            OPTIONAL,
            "The forces and concerns that the chosen option must satisfy, as a list.",
            "* {decision driver 1, e.g., a force, facing concern, …}\n* {decision driver 2, e.g., a force, facing concern, …}",
        ),
        section(
            "Considered Options",
            // MADR 1.x wrote "Considered Alternatives".
            &["Options", "Options Considered", "Considered Alternatives"],
            REQUIRED,
            "Every option that was on the table, by title, including the one chosen.",
            "* {title of option 1}\n* {title of option 2}\n* {title of option 3}",
        ),
        section(
            "Decision Outcome",
            &["Outcome", "Decision", "Chosen Option", "Preferred Option"],
            REQUIRED,
            "The chosen option and the justification for choosing it.",
            "Chosen option: \"{title of option 1}\", because {justification, e.g., only option which meets a k.o. criterion decision driver | which resolves force {force} | comes out best}.",
        ),
        section(
            "Consequences",
            &[
                "Positive Consequences",
                "Negative Consequences",
                "Positive Consequences (optional)",
                "Negative Consequences (optional)",
            ],
            OPTIONAL,
            "What the decision makes better and what it makes worse (\"Good, because …\", \"Bad, because …\").",
            "* Good, because {positive consequence, e.g., improvement of one or more desired qualities, …}\n* Bad, because {negative consequence, e.g., compromising one or more desired qualities, …}",
        ),
        section(
            "Confirmation",
            &["Validation"],
            OPTIONAL,
            "How compliance with the decision will be confirmed: a review, a test, a fitness function.",
            "{Describe how the implementation of/compliance with the ADR can/will be confirmed, e.g., by a design or code review or a test.}",
        ),
        section(
            "Pros and Cons of the Options",
            &["Pros and Cons"],
            OPTIONAL,
            "For each considered option, its arguments for and against.",
            "### {title of option 1}\n\n* Good, because {argument a}\n* Neutral, because {argument b}\n* Bad, because {argument c}",
        ),
        section(
            "More Information",
            &["Links", "Additional Information"],
            OPTIONAL,
            "Further evidence, the team's agreement, when to revisit the decision, and links to related decisions.",
            "{Provide additional evidence or confidence for the decision outcome, links to related decisions and resources, and when this decision should be revisited.}",
        ),
    ],
};

/// Required sections of an RFC: the sections every Rust RFC since 2014 has carried under one name
/// or another (the older template's "Detailed design" and "Alternatives" count through their
/// aliases), plus "Guide-level explanation" because the RFC process asks how a feature is taught
/// before it is accepted. "Prior art" and "Future possibilities" are optional: the template itself
/// says a proposal with no prior art or no future possibilities is fine.
const RFC: KindRow = KindRow {
    file_name: None,
    name: "rfc",
    display_name: "Request for comments (Rust style)",
    description: "A substantial change proposed for review, in the Rust RFC template.",
    // Rust RFCs open with the metadata bullets, not a title.
    title_required: false,
    title_template: "# {title}",
    status_required: false,
    status_location: MetaLocation::Bullet,
    date_required: true,
    date_location: MetaLocation::Bullet,
    front_matter_keys: &[],
    // The prelude of the RFC template: `- Feature Name:`, `- Start Date:`, `- RFC PR:`,
    // `- Rust Issue:`.
    metadata_keys: &["feature-name", "start-date", "rfc-pr", "rust-issue"],
    id_prefix: Some("RFC"),
    id_pattern: Some(r"^(\d{4})-"),
    statuses: &[
        status("draft", "Being written; not yet open for review."),
        status("proposed", "Open for review and discussion."),
        status("accepted", "Merged: the change will be made."),
        status("implemented", "Accepted and shipped."),
        status("postponed", "Not now: the idea may be revisited later."),
        status("rejected", "Reviewed and turned down."),
        status("withdrawn", "Taken back by its authors."),
    ],
    status_vocabulary: StatusVocabulary::Usual,
    // Records keep the order of their day: the first template (spring 2014) put "Drawbacks"
    // before "Detailed design"; the 2016 one put "How We Teach This" after "Detailed design";
    // the 2017 one moved the guide-level explanation before the reference-level one.
    other_orders: &[
        &[
            "Summary",
            "Motivation",
            "Drawbacks",
            "Reference-level explanation",
            "Rationale and alternatives",
            "Unresolved questions",
        ],
        &[
            "Summary",
            "Motivation",
            "Reference-level explanation",
            "Guide-level explanation",
            "Drawbacks",
            "Rationale and alternatives",
            "Prior art",
            "Unresolved questions",
            "Future possibilities",
        ],
    ],
    sections: &[
        section(
            "Summary",
            &[],
            REQUIRED,
            "One paragraph explaining the proposal, for readers deciding whether to read on.",
            "{One paragraph explanation of the feature.}",
        ),
        section(
            "Motivation",
            &[],
            REQUIRED,
            "Why we are doing this: the use cases it supports and the outcome it is expected to bring.",
            "{Why are we doing this? What use cases does it support? What is the expected outcome?}",
        ),
        section(
            "Guide-level explanation",
            &["How We Teach This", "How do we teach this", "Explanation"],
            REQUIRED,
            "The proposal explained as if it were already in place and being taught to a user, with examples.",
            "{Explain the proposal as if it was already included in the language and you were teaching it to another programmer: introduce new named concepts, explain the feature largely in terms of examples.}",
        ),
        section(
            "Reference-level explanation",
            &["Detailed design"],
            REQUIRED,
            "The technical portion: precise enough for implementation, covering interactions and corner cases.",
            "{Explain the design in sufficient detail that its interaction with other features is clear, it is reasonably clear how it would be implemented, and corner cases are dissected by example.}",
        ),
        section(
            "Drawbacks",
            // Early RFCs often weighed drawbacks and alternatives in one section.
            &[
                "Downsides",
                "Drawbacks and alternatives",
                "Drawbacks / alternatives",
                "Downsides and alternatives",
                "Alternatives and downsides",
            ],
            REQUIRED,
            "Why we should not do this: the costs and risks of the proposal.",
            "{Why should we *not* do this?}",
        ),
        section(
            "Rationale and alternatives",
            // The early combined section (see Drawbacks) covers the alternatives too.
            &[
                "Alternatives",
                "Rationale",
                "Drawbacks and alternatives",
                "Drawbacks / alternatives",
                "Downsides and alternatives",
                "Alternatives and downsides",
            ],
            REQUIRED,
            "Why this design is the best in the space of possible designs, what else was considered, and the impact of not doing it.",
            "{Why is this design the best in the space of possible designs? What other designs have been considered and what is the rationale for not choosing them? What is the impact of not doing this?}",
        ),
        section(
            "Prior art",
            &[],
            OPTIONAL,
            "What other languages and communities did about the same problem, good and bad.",
            "{Discuss prior art, both the good and the bad, in relation to this proposal.}",
        ),
        section(
            "Unresolved questions",
            &[
                "Open questions",
                "Unresolved",
                "Unresolved questions and future possibilities",
            ],
            REQUIRED,
            "What is to be resolved before merging, during implementation, or left out of scope.",
            "{What parts of the design do you expect to resolve through the RFC process before this gets merged? Through implementation before stabilization? What is out of scope?}",
        ),
        section(
            "Future possibilities",
            &["Future work", "Future extensions"],
            OPTIONAL,
            "Natural extensions and how the proposal might evolve in the project as a whole.",
            "{Think about what the natural extension and evolution of your proposal would be and how it would affect the project as a whole.}",
        ),
    ],
};

const DESIGN_DOC: KindRow = KindRow {
    file_name: None,
    name: "design-doc",
    display_name: "Design document",
    description: "The high-level implementation strategy and key design decisions of a system, with the trade-offs considered, in the Google style.",
    title_required: true,
    title_template: "# {title}",
    status_required: true,
    status_location: MetaLocation::FrontMatter,
    date_required: false,
    date_location: MetaLocation::FrontMatter,
    front_matter_keys: &["status", "date", "authors", "reviewers"],
    metadata_keys: &[],
    id_prefix: None,
    id_pattern: None,
    statuses: &[
        status("draft", "Being written; not ready for review."),
        status("in-review", "Out for review; comments welcome."),
        status("approved", "Reviewed and agreed; implementation may start."),
        status("implemented", "Built as described."),
        status("abandoned", "Will not be built; kept for the record."),
        StatusRow {
            name: "superseded",
            aliases: &[],
            takes_reference: true,
            meaning: "Replaced by a later design, which the status names.",
        },
    ],
    status_vocabulary: StatusVocabulary::Usual,
    other_orders: &[],
    sections: &[
        section(
            "Context and Scope",
            &["Context", "Background", "Scope"],
            REQUIRED,
            "A rough overview of the landscape the system is built in and what it covers, for orientation rather than requirements.",
            "{Give a short overview of the landscape in which the new system is being built and what is actually being built.}",
        ),
        section(
            "Goals and Non-Goals",
            &["Goals", "Goals and Non-goals", "Goals and Nongoals"],
            REQUIRED,
            "What the system should achieve, and things that could reasonably be goals but are explicitly chosen not to be.",
            "* {goal}\n\nNon-goals:\n\n* {something that could reasonably be a goal but is explicitly not one}",
        ),
        section(
            "Design",
            &[
                "The Actual Design",
                "Proposed Design",
                "Design Overview",
                "Design Details",
                "Proposal",
            ],
            REQUIRED,
            "The design itself, focused on the trade-offs made; diagrams, APIs and data storage as needed.",
            "{Describe the design, starting with an overview and going into the details, focusing on the trade-offs that were made.}",
        ),
        section(
            "Alternatives Considered",
            &["Alternatives"],
            REQUIRED,
            "Other designs that would have reached similar outcomes, and the trade-offs that led to choosing this one.",
            "{List alternative designs that would have achieved similar outcomes, and the trade-offs that led to the selected design.}",
        ),
        section(
            "Cross-cutting Concerns",
            &[
                "Cross-cutting Considerations",
                "Security, Privacy and Observability",
            ],
            // Optional: a small design may have no security, privacy or observability impact
            // worth a section of its own.
            OPTIONAL,
            "How the design handles security, privacy, observability and other concerns every design must consider.",
            "{Describe how the design addresses security, privacy, observability and other cross-cutting concerns.}",
        ),
    ],
};

const POSTMORTEM: KindRow = KindRow {
    file_name: None,
    name: "postmortem",
    display_name: "Postmortem",
    description: "A blameless written record of an incident: its impact, its causes, how it was resolved, and the actions that prevent it recurring (the SRE book's template).",
    title_required: true,
    title_template: "# {title}",
    status_required: true,
    status_location: MetaLocation::Line,
    date_required: true,
    date_location: MetaLocation::Line,
    front_matter_keys: &["status", "date", "authors", "severity"],
    metadata_keys: &[],
    id_prefix: None,
    id_pattern: None,
    statuses: &[
        status("draft", "Being written; facts may still change."),
        status(
            "in-review",
            "Out for review by the people involved; comments welcome.",
        ),
        status("final", "Reviewed and complete; action items are tracked."),
    ],
    status_vocabulary: StatusVocabulary::Usual,
    other_orders: &[],
    // Trigger and Lessons Learned are optional: many incidents have no trigger distinct from the
    // root cause, and teams often fold lessons into the action items.
    sections: &[
        section(
            "Summary",
            &["Executive Summary", "Incident Summary"],
            REQUIRED,
            "What happened, in a few sentences that a reader outside the team understands.",
            "{Describe what happened in two or three sentences.}",
        ),
        section(
            "Impact",
            &["Customer Impact", "User Impact", "Business Impact"],
            REQUIRED,
            "Who was affected and how much: users, requests, revenue, duration.",
            "{Describe who was affected and how badly: users, requests, revenue, duration.}",
        ),
        section(
            "Root Causes",
            &[
                "Root Cause",
                "Root Cause Analysis",
                "Causes",
                "Contributing Factors",
            ],
            REQUIRED,
            "The underlying conditions that made the incident possible, found without blame.",
            "{Explain the underlying conditions that made the incident possible, without blame.}",
        ),
        section(
            "Trigger",
            &["Triggers"],
            OPTIONAL,
            "The event that turned the latent root causes into an incident.",
            "{Describe the event that set the incident off.}",
        ),
        section(
            "Resolution",
            &["Mitigation", "Resolution and Recovery", "Recovery"],
            REQUIRED,
            "How the incident was mitigated and then resolved.",
            "{Describe how the incident was mitigated and resolved.}",
        ),
        section(
            "Detection",
            &["How It Was Detected"],
            REQUIRED,
            "How and when the incident was noticed, and how detection could have been faster.",
            "{Describe how the incident was detected, and how it could have been detected sooner.}",
        ),
        section(
            "Action Items",
            &[
                "Action Item",
                "Follow-up Actions",
                "Follow-ups",
                "Corrective Actions",
            ],
            REQUIRED,
            "Concrete actions, each with an owner and a tracking issue, that prevent recurrence or lessen impact.",
            "| Action item | Type | Owner | Issue |\n|---|---|---|---|\n| {action} | {prevent \\| mitigate \\| detect} | {owner} | {issue} |",
        ),
        section(
            "Lessons Learned",
            &["Lessons", "What Went Well"],
            OPTIONAL,
            "What went well, what went wrong, and where the team got lucky.",
            "### What went well\n\n* {…}\n\n### What went wrong\n\n* {…}\n\n### Where we got lucky\n\n* {…}",
        ),
        section(
            "Timeline",
            &["Incident Timeline"],
            REQUIRED,
            "The sequence of events, with times and time zone, from the first sign to resolution.",
            "* {YYYY-MM-DD HH:MM UTC} {event}",
        ),
    ],
};

const STRATEGY: KindRow = KindRow {
    file_name: None,
    name: "strategy",
    display_name: "Strategy",
    description: "A strategy in Richard Rumelt's kernel: a diagnosis of the challenge, a guiding policy for dealing with it, and coherent actions that carry the policy out.",
    title_required: true,
    title_template: "# {title}",
    status_required: true,
    status_location: MetaLocation::FrontMatter,
    date_required: false,
    date_location: MetaLocation::FrontMatter,
    front_matter_keys: &["status", "date", "owners"],
    metadata_keys: &[],
    id_prefix: None,
    id_pattern: None,
    statuses: &[
        status("draft", "Being written; not yet proposed."),
        status("proposed", "Put forward for agreement."),
        status("adopted", "Agreed: the organisation acts on it."),
        status("retired", "No longer followed."),
    ],
    status_vocabulary: StatusVocabulary::Usual,
    other_orders: &[],
    sections: &[
        section(
            "Diagnosis",
            &["The Diagnosis", "Challenge"],
            REQUIRED,
            "What is going on: the critical challenge, named and simplified so that it can be acted on.",
            "{Describe the challenge: what is going on, and which aspects of the situation are critical.}",
        ),
        section(
            "Guiding Policy",
            &["Guiding Policies", "Policy"],
            REQUIRED,
            "The overall approach chosen to overcome the obstacles the diagnosis found.",
            "{Describe the overall approach chosen to cope with the challenge.}",
        ),
        section(
            "Coherent Actions",
            &["Coherent Action", "Actions", "Action Plan"],
            REQUIRED,
            "Coordinated steps, each with an owner, that carry out the guiding policy.",
            "* {action}, owned by {owner}",
        ),
    ],
};

/// A one-pager for leadership: an ask or a decision argued in a page, for readers with five
/// minutes. The ask comes first; everything after it is the case for it. Detected by its
/// folder (`one-pagers/`) or a strong fit of its headings; `kind: one-pager` in front matter
/// says it outright.
const ONE_PAGER: KindRow = KindRow {
    // A one-pager is no numbered record of a log: it is named by its title.
    file_name: Some("{slug}.md"),
    name: "one-pager",
    display_name: "One-pager",
    description: "An ask or a decision for leadership, argued in about a page: what is asked, the problem, the proposal, its impact, the alternatives and the timeline.",
    title_required: true,
    title_template: "# {title}",
    status_required: false,
    status_location: MetaLocation::FrontMatter,
    date_required: false,
    date_location: MetaLocation::FrontMatter,
    front_matter_keys: &["status", "date", "authors", "audience"],
    metadata_keys: &[],
    id_prefix: None,
    id_pattern: None,
    statuses: &[
        status("draft", "Being written; not yet sent."),
        status("proposed", "Sent to its readers; the ask is open."),
        status("approved", "The ask was granted."),
        status("declined", "The ask was turned down; kept for the record."),
        status("deferred", "Not now: to be asked again later."),
    ],
    status_vocabulary: StatusVocabulary::Usual,
    other_orders: &[],
    sections: &[
        section(
            "Summary",
            &[
                "Ask",
                "The Ask",
                "Summary and Ask",
                "Summary / Ask",
                "TL;DR",
            ],
            REQUIRED,
            "The ask or the decision wanted, in the first paragraph, with the one reason that matters most.",
            "We ask {who} to {decide, approve or fund what} by {date}, because {the one reason that matters most}.",
        ),
        section(
            "Problem",
            &["Problem Statement", "The Problem"],
            REQUIRED,
            "What is wrong or missing today, and what it costs, in terms the readers already care about.",
            "{Describe what is wrong or missing today and what it costs, in the readers' terms.}",
        ),
        section(
            "Proposal",
            &["Recommendation", "Our Proposal"],
            REQUIRED,
            "What will be done, by whom, in enough detail to judge it and no more.",
            "{Describe what will be done and by whom, in enough detail to judge it.}",
        ),
        section(
            "Impact",
            &["Impact and Risks", "Cost and Risk", "Costs and Risks"],
            REQUIRED,
            "What it costs, what could go wrong, and who is affected.",
            "* Cost: {people, time, money}\n* Risk: {what could go wrong, and what we do about it}\n* Affected: {teams, users, systems}",
        ),
        section(
            "Alternatives",
            &["Alternatives Considered", "Options Considered"],
            REQUIRED,
            "The other ways considered, doing nothing included, and why each lost.",
            "* Do nothing: {what happens then}\n* {alternative}: {why not}",
        ),
        section(
            "Timeline",
            &["Milestones", "Schedule"],
            OPTIONAL,
            "When the readers will see what, from the decision to the outcome.",
            "* {YYYY-MM-DD}: {milestone}",
        ),
    ],
};

/// A weekly update: what moved, what was decided, what is at risk, and what comes next. Named
/// by its date (`2026-11-27.md`) or ISO week (`2026-W48.md`); detected by its folder (`updates/`,
/// `weekly/`) or a strong fit of its headings.
const WEEKLY_UPDATE: KindRow = KindRow {
    file_name: Some("{week}.md"),
    name: "weekly-update",
    display_name: "Weekly update",
    description: "A team's weekly update: highlights, progress, decisions made, risks and blockers, and next week's plan.",
    title_required: true,
    title_template: "# {title}",
    status_required: false,
    status_location: MetaLocation::FrontMatter,
    date_required: false,
    date_location: MetaLocation::FrontMatter,
    front_matter_keys: &["status", "date", "authors", "team"],
    metadata_keys: &[],
    id_prefix: None,
    id_pattern: None,
    statuses: &[
        status("draft", "Being written; not yet sent."),
        status("sent", "Sent to its readers."),
    ],
    status_vocabulary: StatusVocabulary::Usual,
    other_orders: &[],
    sections: &[
        section(
            "Highlights",
            &["Headlines", "Key Highlights"],
            REQUIRED,
            "The two or three things a reader who stops here must know.",
            "* {the most important thing that happened this week}",
        ),
        section(
            "Progress",
            &["What Moved", "Done This Week", "Accomplishments"],
            REQUIRED,
            "What moved this week, against the plan of last week.",
            "* {what moved, against last week's plan}",
        ),
        section(
            "Decisions",
            &["Decisions Made", "Key Decisions"],
            REQUIRED,
            "The decisions made or proposed this week, each linked to its record.",
            "* {decision}: {link to its record}",
        ),
        section(
            "Risks and Blockers",
            &["Risks", "Blockers", "Risks & Blockers", "Risks and Issues"],
            REQUIRED,
            "What could stop the work, and the help needed to unblock it.",
            "* {risk or blocker}: {what would help, and from whom}",
        ),
        section(
            "Next Week",
            &["Next Steps", "Plans for Next Week", "Coming Up"],
            REQUIRED,
            "What the team will do next week.",
            "* {what the team will do next week}",
        ),
    ],
};

const BUILTIN: &[KindRow] = &[
    ADR,
    MADR,
    RFC,
    DESIGN_DOC,
    POSTMORTEM,
    STRATEGY,
    ONE_PAGER,
    WEEKLY_UPDATE,
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl KindRow {
    fn to_kind(&self) -> Kind {
        Kind {
            name: self.name.to_string(),
            display_name: self.display_name.to_string(),
            description: self.description.to_string(),
            sections: self
                .sections
                .iter()
                .map(|s| SectionSpec {
                    name: s.name.to_string(),
                    aliases: strings(s.aliases),
                    required: s.required,
                    purpose: s.purpose.to_string(),
                    template: s.template.to_string(),
                })
                .collect(),
            section_level: 2,
            title_required: self.title_required,
            status_required: self.status_required,
            status_meta_key: crate::kinds::STATUS_META_KEY.to_string(),
            statuses: self
                .statuses
                .iter()
                .map(|s| StatusSpec {
                    name: s.name.to_string(),
                    meaning: s.meaning.to_string(),
                    takes_reference: s.takes_reference,
                    aliases: strings(s.aliases),
                })
                .collect(),
            status_vocabulary: self.status_vocabulary,
            status_location: self.status_location,
            date_required: self.date_required,
            date_location: self.date_location,
            front_matter_keys: strings(self.front_matter_keys),
            metadata_keys: strings(self.metadata_keys),
            id_prefix: self.id_prefix.map(str::to_string),
            id_pattern: self.id_pattern.map(str::to_string),
            paths: Vec::new(),
            title_template: self.title_template.to_string(),
            template: None,
            other_orders: self
                .other_orders
                .iter()
                .map(|order| strings(order))
                .collect(),
            template_lines: Vec::new(),
            file_name: self.file_name.map(str::to_string),
        }
    }
}

/// Names of the built-in kinds, in detection order.
pub fn builtin_kind_names() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|k| k.name)
}

/// The built-in kinds, before any `docwright.toml` overrides.
pub fn builtin_kinds() -> Vec<Kind> {
    BUILTIN.iter().map(KindRow::to_kind).collect()
}
