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
  dlexam solve conv-params --params '{\"input\":[10,20,30,40],\"out_channels\":1,\"kernel\":3}'";

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
    /// Output format.
    #[arg(long, value_enum, default_value_t = DocFormat::Md)]
    pub format: DocFormat,
    /// LaTeX only: write just the questions, to paste into your own exam document.
    #[arg(long)]
    pub fragment: bool,
    /// Write to FILE instead of stdout (refuses to replace an existing file without --force).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// A folder of templates that override the built-in ones by name
    /// (e.g. DIR/document.tex, DIR/conv_params/question.md).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
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
