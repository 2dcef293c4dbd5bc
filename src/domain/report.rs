//! What a whistle-blower can report, which fields each kind of report has, and the rules that
//! turn submitted form fields into a [`Report`] or into a list of problems to show back.

use std::collections::BTreeMap;

use serde::Serialize;

/// Longest value accepted in a one-line field, in characters.
pub const MAX_SHORT: usize = 300;
/// Longest web address accepted, in characters.
pub const MAX_ADDRESS: usize = 2_000;
/// Longest description accepted, in characters. Generous: a full account fits; an abuse of the
/// form to store bulk data does not.
pub const MAX_DESCRIPTION: usize = 20_000;

/// The kinds of report the public can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A forged or suspicious mineral-origin certificate.
    FakeCertificate,
    /// A website impersonating the certifying authority.
    FakeWebsite,
    /// Illegal mining, smuggling, armed-group involvement, abuse at mine sites.
    IllegalTrade,
    /// Anything else.
    Other,
    /// A site owner asks for a listing on the public warning list to be reviewed.
    DelistingRequest,
}

impl Category {
    /// Every category: the reports, then delisting requests.
    pub const ALL: [Category; 5] = [
        Category::FakeCertificate,
        Category::FakeWebsite,
        Category::IllegalTrade,
        Category::Other,
        Category::DelistingRequest,
    ];

    /// The kinds of report the home page offers. A delisting request is asked for from the
    /// warning page instead: it comes from a site owner, not a whistle-blower.
    pub const REPORTS: [Category; 4] = [
        Category::FakeCertificate,
        Category::FakeWebsite,
        Category::IllegalTrade,
        Category::Other,
    ];

    /// URL and storage name.
    pub fn slug(self) -> &'static str {
        match self {
            Category::FakeCertificate => "fake-certificate",
            Category::FakeWebsite => "fake-website",
            Category::IllegalTrade => "illegal-trade",
            Category::Other => "other",
            Category::DelistingRequest => "delisting-request",
        }
    }

    /// Inverse of [`Category::slug`].
    pub fn parse(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The fields of this kind of report, in display order.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            Category::FakeCertificate => FAKE_CERTIFICATE,
            Category::FakeWebsite => FAKE_WEBSITE,
            Category::IllegalTrade => ILLEGAL_TRADE,
            Category::Other => OTHER,
            Category::DelistingRequest => DELISTING_REQUEST,
        }
    }
}

impl std::str::FromStr for Category {
    type Err = super::names::UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| super::names::UnknownName::new("category", s))
    }
}

/// The twelve ICGLR member states, then "other" and "don't know".
pub const ISSUER_STATES: &[&str] = &[
    "angola",
    "burundi",
    "central-african-republic",
    "republic-of-congo",
    "drc",
    "kenya",
    "uganda",
    "rwanda",
    "south-sudan",
    "sudan",
    "tanzania",
    "zambia",
    "other",
    "unknown",
];

/// The only member states that issue ICGLR certificates.
pub const CERTIFICATE_ISSUERS: &[&str] = &["burundi", "drc", "rwanda"];

/// Minerals a report can name.
pub const MINERALS: &[&str] = &[
    "tin",
    "tantalum",
    "tungsten",
    "gold",
    "cobalt",
    "copper",
    "diamonds",
    "bauxite",
    "manganese",
    "phosphate",
    "other",
];

/// Months, for "when" in an illegal-trade report: month and year only, never a day, so that the
/// report does not pin down the one day a witness was present.
pub const MONTHS: &[&str] = &[
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
];

/// How a field's value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text up to the given number of characters.
    Line(usize),
    /// Several lines of text up to the given number of characters.
    Text(usize),
    /// One of a fixed list of values.
    Choice(&'static [&'static str]),
    /// A four-digit year, not in the future, not before 1990.
    Year,
}

/// One field of a report form.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Form field name; also the key in the encrypted report.
    pub name: &'static str,
    /// How the value is checked.
    pub kind: FieldKind,
    /// Whether it must be filled in.
    pub required: bool,
}

const fn line(name: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        kind: FieldKind::Line(MAX_SHORT),
        required: false,
    }
}

const fn choice(name: &'static str, values: &'static [&'static str]) -> FieldSpec {
    FieldSpec {
        name,
        kind: FieldKind::Choice(values),
        required: false,
    }
}

const DESCRIPTION: FieldSpec = FieldSpec {
    name: "description",
    kind: FieldKind::Text(MAX_DESCRIPTION),
    required: true,
};

const FAKE_CERTIFICATE: &[FieldSpec] = &[
    line("certificate_number"),
    choice("issuer_state", ISSUER_STATES),
    line("exporter"),
    choice("mineral", MINERALS),
    line("seen_where"),
    DESCRIPTION,
];

const FAKE_WEBSITE: &[FieldSpec] = &[
    FieldSpec {
        name: "web_address",
        kind: FieldKind::Line(MAX_ADDRESS),
        required: true,
    },
    line("found_how"),
    line("asked_for"),
    DESCRIPTION,
];

const ILLEGAL_TRADE: &[FieldSpec] = &[
    line("place"),
    choice("mineral", MINERALS),
    line("involved"),
    line("route"),
    choice("when_month", MONTHS),
    FieldSpec {
        name: "when_year",
        kind: FieldKind::Year,
        required: false,
    },
    DESCRIPTION,
];

const OTHER: &[FieldSpec] = &[DESCRIPTION];

const DELISTING_REQUEST: &[FieldSpec] = &[
    FieldSpec {
        name: "listed_address",
        kind: FieldKind::Line(MAX_ADDRESS),
        required: true,
    },
    line("relationship"),
    line("contact"),
    DESCRIPTION,
];

/// A validated report: its category and the fields that were filled in, in form order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    category: Category,
    fields: Vec<(&'static str, String)>,
}

impl Report {
    /// The kind of report.
    pub fn category(&self) -> Category {
        self.category
    }

    /// The filled-in fields, in form order.
    pub fn fields(&self) -> &[(&'static str, String)] {
        &self.fields
    }
}

/// What is wrong with one submitted value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A required field is empty.
    Required,
    /// Longer than allowed (the limit, in characters).
    TooLong(usize),
    /// Not one of the offered choices.
    NotAChoice,
    /// Not a plausible year.
    BadYear,
    /// Contains control characters a person cannot type.
    BadCharacters,
    /// The form sent a field this kind of report does not have.
    Unknown,
    /// The same field was sent twice.
    Duplicate,
}

/// A problem, and the field it concerns (`None`: the form as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Field name, as in [`FieldSpec::name`], when the problem belongs to one field.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub problem: Problem,
}

/// A rejected submission: the problems, and the known values as typed so the form can be shown
/// again without losing anyone's words.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// Known fields as submitted (after line-ending normalisation).
    pub values: BTreeMap<&'static str, String>,
    /// What to fix.
    pub errors: Vec<FieldError>,
}

/// Checks submitted `(name, value)` pairs against `category`'s fields.
///
/// `ignored` names fields that belong to the transport (the form token) rather than the report.
/// `this_year` bounds [`FieldKind::Year`].
pub fn validate(
    category: Category,
    submitted: &[(String, String)],
    ignored: &[&str],
    this_year: i32,
) -> Result<Report, Rejected> {
    let specs = category.fields();
    let mut values: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, value) in submitted {
        if ignored.contains(&name.as_str()) {
            continue;
        }
        let Some(spec) = specs.iter().find(|s| s.name == name) else {
            push_once(&mut errors, None, Problem::Unknown);
            continue;
        };
        if values.contains_key(spec.name) {
            errors.push(FieldError {
                field: Some(spec.name),
                problem: Problem::Duplicate,
            });
            continue;
        }
        values.insert(spec.name, value.replace("\r\n", "\n").replace('\r', "\n"));
    }
    let mut fields = Vec::new();
    for spec in specs {
        let value = values.get(spec.name).map(|v| v.trim()).unwrap_or("");
        match check(spec, value, this_year) {
            Ok(()) if value.is_empty() => {}
            Ok(()) => fields.push((spec.name, value.to_owned())),
            Err(problem) => errors.push(FieldError {
                field: Some(spec.name),
                problem,
            }),
        }
    }
    if errors.is_empty() {
        Ok(Report { category, fields })
    } else {
        Err(Rejected { values, errors })
    }
}

fn push_once(errors: &mut Vec<FieldError>, field: Option<&'static str>, problem: Problem) {
    let e = FieldError { field, problem };
    if !errors.contains(&e) {
        errors.push(e);
    }
}

fn check(spec: &FieldSpec, value: &str, this_year: i32) -> Result<(), Problem> {
    if value.is_empty() {
        return if spec.required {
            Err(Problem::Required)
        } else {
            Ok(())
        };
    }
    let multiline = matches!(spec.kind, FieldKind::Text(_));
    if value
        .chars()
        .any(|c| c.is_control() && !(c == '\t' || (multiline && c == '\n')))
    {
        return Err(Problem::BadCharacters);
    }
    match spec.kind {
        FieldKind::Line(max) | FieldKind::Text(max) => {
            if value.chars().count() > max {
                return Err(Problem::TooLong(max));
            }
        }
        FieldKind::Choice(values) => {
            if !values.contains(&value) {
                return Err(Problem::NotAChoice);
            }
        }
        FieldKind::Year => {
            let year: i32 = value.parse().map_err(|_| Problem::BadYear)?;
            if value.len() != 4 || !(1990..=this_year).contains(&year) {
                return Err(Problem::BadYear);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_complete_certificate_report_is_accepted_in_form_order() {
        let r = validate(
            Category::FakeCertificate,
            &pairs(&[
                ("description", "forged"),
                ("certificate_number", "RW-2024-0001"),
                ("issuer_state", "rwanda"),
                ("mineral", "tin"),
                ("token", "x"),
            ]),
            &["token"],
            2026,
        )
        .expect("valid");
        let names: Vec<_> = r.fields().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "certificate_number",
                "issuer_state",
                "mineral",
                "description"
            ]
        );
    }

    #[test]
    fn missing_description_and_web_address_are_required() {
        let e = validate(Category::FakeWebsite, &pairs(&[]), &[], 2026).unwrap_err();
        let fields: Vec<_> = e.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Some("web_address"), Some("description")]);
    }

    #[test]
    fn unknown_and_duplicate_fields_are_rejected_but_values_kept() {
        let e = validate(
            Category::Other,
            &pairs(&[
                ("description", "a"),
                ("description", "b"),
                ("mineral", "tin"),
            ]),
            &[],
            2026,
        )
        .unwrap_err();
        assert!(e.errors.iter().any(|e| e.problem == Problem::Unknown));
        assert!(e.errors.iter().any(|e| e.problem == Problem::Duplicate));
        assert_eq!(e.values.get("description").map(String::as_str), Some("a"));
    }

    #[test]
    fn choices_years_and_lengths_are_checked() {
        let long = "x".repeat(MAX_SHORT + 1);
        let e = validate(
            Category::IllegalTrade,
            &pairs(&[
                ("description", "d"),
                ("mineral", "uranium"),
                ("when_year", "3000"),
                ("place", &long),
            ]),
            &[],
            2026,
        )
        .unwrap_err();
        let problems: Vec<_> = e.errors.iter().map(|e| e.problem).collect();
        assert!(problems.contains(&Problem::NotAChoice));
        assert!(problems.contains(&Problem::BadYear));
        assert!(problems.contains(&Problem::TooLong(MAX_SHORT)));
    }

    #[test]
    fn control_characters_are_refused_but_newlines_in_descriptions_are_kept() {
        let ok = validate(
            Category::Other,
            &pairs(&[("description", "line one\r\nline two")]),
            &[],
            2026,
        )
        .expect("valid");
        assert_eq!(ok.fields()[0].1, "line one\nline two");
        let bad = validate(
            Category::Other,
            &pairs(&[("description", "nul\u{0}byte")]),
            &[],
            2026,
        );
        assert!(bad.is_err());
    }
}
