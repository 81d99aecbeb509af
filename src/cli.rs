//! Command-line definitions (clap). Only what the user types; [`crate::app`] validates and runs it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Fresh, exactly solved variants of deep-learning exam problems.
///
/// dlexam samples new numbers for the calculation problems of a deep-learning exam (conv
/// parameter counts, conv output sizes, ...), solves each variant exactly with a worked
/// solution, and writes Markdown, LaTeX (exam class) or JSON.
#[derive(Debug, Parser)]
#[command(name = "dlexam", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  dlexam list
  dlexam gen conv-params --seed 7 --count 5 --solutions
  dlexam gen conv-output --difficulty hard --format tex -o sheet.tex
  dlexam solve conv-params --params '{\"input\":[10,20,30,40],\"out_channels\":1,\"kernel\":3}'
  dlexam sheet --seed 3 --key key.md -o sheet.md
  dlexam exam --roster class.csv --out-dir exam --seed 2024 --pdf
  dlexam grade --key exam/keys.json --answers answers.csv -o scores.csv";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the problem families, their difficulties and variants.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Generate fresh variants of one family from a seed.
    #[command(
        after_help = "The same seed and version always give the same bytes. Without --seed a \
seed is picked and printed on stderr, so the sheet can be made again."
    )]
    Gen(GenArgs),
    /// Solve a problem you give as params JSON (the `params` of any generated problem).
    Solve(SolveArgs),
    /// A practice sheet from a spec (or the built-in one), with solutions inline or as a key.
    #[command(after_help = SHEET_HELP)]
    Sheet(SheetArgs),
    /// One LaTeX exam and answer key per student of a roster, with keys.json and manifest.csv.
    #[command(after_help = EXAM_HELP)]
    Exam(ExamArgs),
    /// Score students' answers (CSV) against an exam's keys.json.
    #[command(after_help = GRADE_HELP)]
    Grade(GradeArgs),
    /// How varied an exam is: distinct answer sets and the most shared answers in a class of N.
    #[command(after_help = VARIETY_HELP)]
    Variety(VarietyArgs),
    /// The built-in templates: export them to a folder to start your own --templates from.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) of dlexam or of one of its commands.
    #[command(
        after_help = "Example:\n  dlexam man > dlexam.1 && man ./dlexam.1\n  dlexam man sheet > dlexam-sheet.1"
    )]
    Man {
        /// A command, for its own page (e.g. sheet); without it, the page of dlexam.
        command: Option<String>,
    },
}

const COMPLETIONS_HELP: &str = "\
Install (pick your shell):
  dlexam completions bash > ~/.local/share/bash-completion/completions/dlexam
  dlexam completions zsh > ~/.zfunc/_dlexam        # with fpath+=~/.zfunc before compinit
  dlexam completions fish > ~/.config/fish/completions/dlexam.fish
  dlexam completions powershell >> $PROFILE";

/// `dlexam templates ...`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write every built-in template under DIR, each with a comment on the facts it receives.
    #[command(
        after_help = "Edit any of them and pass --templates DIR to gen, solve, sheet or exam; delete the ones you \
keep as they are (a file or folder that matches no template name is refused).\n\nExample:\n  dlexam templates export my-templates\n  dlexam sheet --templates my-templates -o sheet.pdf"
    )]
    Export {
        /// The folder (created if missing).
        dir: PathBuf,
        /// Replace templates already in DIR.
        #[arg(long)]
        force: bool,
    },
    /// List the template names (the paths --templates DIR may hold).
    List,
}

/// `dlexam list --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Text,
    /// `[{"id", "title", "difficulties", "variants"}, ...]`.
    Json,
}

/// Document formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// Markdown with $...$ math (GitHub, Jupyter, KaTeX).
    Md,
    /// A complete LaTeX document on the exam class (or the questions alone with --fragment).
    Tex,
    /// JSON for course tooling (schema dlexam/1).
    Json,
    /// The LaTeX document compiled by pdflatex (needs -o FILE).
    Pdf,
    /// A self-checking practice page: one offline HTML file, math as MathML.
    Html,
    /// A Moodle XML question bank (.xml): one category per problem, one cloze question per
    /// variant, each number a graded blank, the worked solution as feedback (docs/moodle.md).
    Moodle,
}

/// Difficulty levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DifficultyArg {
    /// Calculator-free, realistic sizes, as in the exam.
    Exam,
    /// More variety, less round numbers.
    Practice,
    /// Edge cases: floors that matter, dilation, non-square shapes.
    Hard,
}

/// Where and how a document is written.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format [default: from the extension of -o (.md .tex .json .pdf .html, .xml
    /// for moodle), else md].
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
    /// LaTeX only: write just the questions, to paste into your own exam document.
    #[arg(long)]
    pub fragment: bool,
    /// Also compile the LaTeX to PDF (pdflatex): -o x.tex writes x.tex and x.pdf.
    #[arg(long)]
    pub pdf: bool,
    /// Answer space under each problem (LaTeX, PDF): auto (by parts, points and the solution's
    /// length), none, page, or a height like 5cm [default: none for gen and solve; for sheet,
    /// each problem's `space` in the spec, else auto].
    #[arg(long, value_name = "SPACE")]
    pub space: Option<crate::space::Space>,
    /// Write to FILE instead of stdout (refuses to replace an existing file without --force).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace existing output files.
    #[arg(long)]
    pub force: bool,
    /// A folder of templates that override the built-in ones by name
    /// (e.g. DIR/document.tex, DIR/conv_params/question.md).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Leave out the figures (TikZ in LaTeX; SVG in Markdown, beside -o FILE or inline on
    /// stdout; SVG text in JSON).
    #[arg(long)]
    pub no_figures: bool,
}

/// `dlexam gen`.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Family id (see `dlexam list`), e.g. conv-params.
    pub family: String,
    /// Seed for the variants (any unsigned 64-bit number).
    #[arg(long)]
    pub seed: Option<u64>,
    /// How many variants.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub count: u32,
    /// Kind of numbers and variants.
    #[arg(long, value_enum, default_value_t = DifficultyArg::Exam)]
    pub difficulty: DifficultyArg,
    /// Only this variant of the family (see `dlexam list`).
    #[arg(long)]
    pub variant: Option<String>,
    /// Include the worked solutions.
    #[arg(long)]
    pub solutions: bool,
    /// Ask each numeric answer as single choice: the right value and distractors from the
    /// family's typical mistakes (4 options, a-d).
    #[arg(long)]
    pub choices: bool,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `dlexam solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    /// Family id (see `dlexam list`).
    pub family: String,
    /// The params: JSON text, or @FILE to read it from a file.
    #[arg(long, value_name = "JSON|@FILE")]
    pub params: String,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

const SHEET_HELP: &str = "\
Spec (TOML; every field optional except `family`, unknown fields are refused):
  title = \"Tutorial 5\"
  course = \"Introduction to Deep Learning\"
  date = \"2024-07-26\"
  instructions = \"No calculator. Show every step.\"
  seed = 2024                 # --seed overrides it
  [[problem]]
  family = \"conv-params\"      # see `dlexam list`
  difficulty = \"exam\"         # exam | practice | hard
  variant = \"filter\"          # default: any variant
  points = 2                  # whole points; shown when given
  count = 3                   # three problems of this kind
  title = \"Weights of one filter\"   # printed title (default: the family's)
  space = \"auto\"              # answer space: auto | none | page | a length (\"5cm\")
A top-level `score_table = true` prints the score table on a sheet (exams always have one).

Without --spec: the built-in spec, the exam's calculation problems, one per family.
Problem i of a sheet with seed S is what `dlexam gen` makes as its i-th variant of seed S.

Examples:
  dlexam sheet --seed 7                                  Markdown to stdout
  dlexam sheet --spec t5.toml -o t5.tex --key t5-key.pdf  LaTeX sheet, PDF key
  dlexam sheet --spec t5.toml --fragment                 the questions, to paste
  dlexam sheet --spec t5.toml --format json              JSON always holds the answers
  dlexam sheet --spec t5.toml --variants 20 -o t5.xml    Moodle bank, 20 variants each

-o and --key pick the format from their extension (.md .tex .json .pdf .html .xml) unless --format
is given.
A Moodle bank (.xml) holds one category per problem ($course$/dlexam/<title>/<problem title>) with
--variants questions each: variant 1 is the sheet's problem, variant v is what `dlexam gen` makes as
its v-th problem from that problem's seed. See docs/moodle.md.";

const EXAM_HELP: &str = "\
Roster: CSV with a header; column `id` required (letters, digits, - _ . only: it becomes a file
name), `name` optional, other columns ignored.

Writes DIR/exams/<id>.tex, DIR/keys/<id>.tex (.pdf too with --pdf), DIR/keys.json and
DIR/manifest.csv (id,name,seed,version,fingerprint). Every problem needs `points` in the spec.
A student's seed derives from the exam seed and their id; problems are redrawn so that no two
students get the same numbers and neighbours in the roster never share answers. When a
family has too few variants for the class, a warning says so before anything is written and
the run goes on (exit 0). Nothing is written unless everything succeeds, and no existing file
is replaced without --force. --pdf needs pdflatex and the exam class (exit 1 if missing).

Examples:
  dlexam exam --roster class.csv --out-dir out --seed 2024
  dlexam exam --roster class.csv --out-dir out --seed 2024 --only s123 --force
  dlexam exam --roster class.csv --out-dir out --spec midterm.toml --pdf";

const GRADE_HELP: &str = "\
Answers CSV: student,problem,answer,value with problem = position in the exam (1, 2, ...),
answer = an answer id from keys.json (weights, total, dL_dW, ...), value = a number or an exact
expression (-0.5, -1/2, 3e-4, ln 2, sqrt(2)/2, 1/(1+e^-1)), a vector or tensor ([1, -1/2, 0],
(2, 2), [[1, 2], [3, 4]]) or text. Size-one dimensions do not matter: 2 = [2] = [[2]], and a
pair of equal entries is the single number. Each answer has its points in keys.json.
Student ids compare ignoring case.

Unreadable values, answers graded by hand (formulas) and rows for unknown students, problems
or answers are listed on stderr (and in --report FILE) and score 0: never silently.
Exit code 0: all graded; 3: graded, with answers to check by hand; 2: bad input.

Output: student,points,max_points,p1,...,pN (two decimals).

Examples:
  dlexam grade --key out/keys.json --template -o answers.csv
  dlexam grade --key out/keys.json --answers answers.csv -o scores.csv --details details.csv --report check.csv";

/// `dlexam sheet`.
#[derive(Debug, Args)]
pub struct SheetArgs {
    /// The sheet's spec (TOML); without it, the built-in spec.
    #[arg(long, value_name = "FILE.toml")]
    pub spec: Option<PathBuf>,
    /// Seed (overrides the spec's; without either, one is picked and printed on stderr).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Every problem at this difficulty (overrides the spec's `difficulty`).
    #[arg(long, value_enum)]
    pub difficulty: Option<DifficultyArg>,
    /// Include the worked solutions in the sheet.
    #[arg(long)]
    pub solutions: bool,
    /// Ask each numeric answer as single choice: the right value and distractors from the
    /// family's typical mistakes (4 options, a-d).
    #[arg(long)]
    pub choices: bool,
    /// Also write the sheet with solutions to FILE (the key to hand out later; its format
    /// follows its extension, like -o).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// Moodle banks only: N variants of each problem (its category holds N questions with
    /// other numbers, for a quiz's random question) [default: 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub variants: Option<u32>,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `dlexam exam`.
#[derive(Debug, Args)]
pub struct ExamArgs {
    /// The class roster (CSV with an `id` column, optionally `name`).
    #[arg(long, value_name = "FILE.csv")]
    pub roster: PathBuf,
    /// Folder for exams/, keys/, keys.json and manifest.csv (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// The exam's spec (TOML, every problem with points); without it, the built-in spec.
    #[arg(long, value_name = "FILE.toml")]
    pub spec: Option<PathBuf>,
    /// Exam seed (overrides the spec's; without either, one is picked and printed on stderr).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Only (re)write this student's exam and key (plus keys.json and manifest.csv, whole).
    #[arg(long, value_name = "ID")]
    pub only: Option<String>,
    /// Also compile every exam and key to PDF, plus class.pdf (every exam, in roster order, each
    /// starting on an odd page for duplex printing) and keys.pdf.
    #[arg(long)]
    pub pdf: bool,
    /// Ask each numeric answer as single choice: the right value and distractors from the
    /// family's typical mistakes (4 options, a-d).
    #[arg(long)]
    pub choices: bool,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// A folder of templates that override the built-in ones by name (e.g. DIR/document.tex).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Leave out the figures (the TikZ pictures of the exams and keys).
    #[arg(long)]
    pub no_figures: bool,
}

const VARIETY_HELP: &str = "\
Simulates `dlexam exam` for a class of N students with the ids s0001, s0002, ... (the same
problems, redraws included) and prints, per problem, how many distinct answer sets the class
gets and, per answer, how many distinct values and the most shared one. A problem is flagged
when fewer than 90% of the students have their own answer set or one answer (other than those
few-valued by nature, marked) is shared by more than 10% of them.

Examples:
  dlexam variety                                   the built-in spec, 300 students
  dlexam variety --spec midterm.toml --students 120 --seed 2024";

/// `dlexam variety`.
#[derive(Debug, Args)]
pub struct VarietyArgs {
    /// The exam's spec (TOML); without it, the built-in spec.
    #[arg(long, value_name = "FILE.toml")]
    pub spec: Option<PathBuf>,
    /// Students in the simulated class.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub students: u32,
    /// Exam seed (overrides the spec's; without either, one is picked and printed on stderr).
    #[arg(long)]
    pub seed: Option<u64>,
}

/// `dlexam grade`.
#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The keys.json written by `dlexam exam`.
    #[arg(long, value_name = "keys.json")]
    pub key: PathBuf,
    /// The answers: CSV with student,problem,answer,value.
    #[arg(long, value_name = "FILE.csv", required_unless_present = "template")]
    pub answers: Option<PathBuf>,
    /// Write the scores (or, with --template, the blank answers file) to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write one row per answer: student,problem,answer,given,expected,points,max_points,status.
    #[arg(long, value_name = "FILE")]
    pub details: Option<PathBuf>,
    /// Also write the answers to check by hand: student,problem,answer,line,value,why.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write a blank answers file for the key (one row per student, problem and answer) instead of grading.
    #[arg(long, conflicts_with_all = ["answers", "details", "report"])]
    pub template: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// The short usage a bare `dlexam` prints: what each command is for, one line each.
pub fn short_usage() -> String {
    use clap::CommandFactory;
    let cli = Cli::command();
    let mut text = String::from(
        "dlexam: fresh, exactly solved variants of deep-learning exam problems\n\nUsage: dlexam <COMMAND> [OPTIONS]\n\n",
    );
    let commands: Vec<&clap::Command> =
        cli.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    let width = commands
        .iter()
        .map(|c| c.get_name().len())
        .max()
        .unwrap_or(0);
    for command in commands {
        let about = command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default();
        text.push_str(&format!(
            "  {:<width$}  {}\n",
            command.get_name(),
            about.trim_end_matches('.')
        ));
    }
    text.push_str("\nTry `dlexam sheet` for a practice sheet; `dlexam <COMMAND> --help` for a command's options, `dlexam --help` for all.\n");
    text
}
