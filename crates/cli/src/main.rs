//! `schoolpeers`: peer groups of schools, low-result schools and their base schools.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cluster::{Criterion, KSelectionParams, Linkage, Method};
use ingest::{ReadOptions, TextEncoding};
use model::Lang;

use cli::commands;
use cli::console::Console;
use cli::settings::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "schoolpeers",
    version,
    about = "Peer groups of schools for a district education office"
)]
struct Cli {
    /// Language of messages, headers and charts.
    #[arg(long, global = true, value_enum, default_value_t = LangArg::Ru)]
    lang: LangArg,
    /// How CSV files are written: excel-ru (UTF-8 with BOM, `;`, decimal comma) or
    /// rfc4180 (UTF-8, `,`, decimal point) for scripts.
    #[arg(long, global = true, value_enum, default_value_t = DialectArg::ExcelRu)]
    csv_dialect: DialectArg,
    /// Print each step's wall time on standard error (for profiling).
    #[arg(long, global = true)]
    timings: bool,
    /// List every file written, one by one (by default a folder's many files are summed up).
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DialectArg {
    ExcelRu,
    Rfc4180,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ChartsArg {
    Auto,
    All,
    Page,
    Groups,
    None,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ConditionsArg {
    Kinds,
    Continuum,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShapeArg {
    Pupils,
    Schools,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Ru,
    En,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole pipeline on the bundled demo district (data/demo).
    Demo {
        #[arg(long, default_value = "out/demo")]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Replace an output folder that holds files schoolpeers did not write, or another
        /// command's outputs; its former contents are kept beside it, as OUT.replaced-N.
        #[arg(long)]
        force: bool,
    },
    /// Run the whole pipeline on a folder with schools, staff, exams and olympiads tables.
    Run {
        data_dir: PathBuf,
        #[arg(long, default_value = "out")]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Last year's results.json: groups that match keep their numbers, and each
        /// school that changed group is marked.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// Which charts to draw: all (every school's results by year too), page (the
        /// ones report.html shows), groups (the district's and each group's), none, or
        /// auto (all up to 500 schools, page up to 10,000, groups above).
        #[arg(long, value_enum, default_value_t = ChartsArg::Auto)]
        charts: ChartsArg,
        /// Replace an output folder that holds files schoolpeers did not write, or another
        /// command's outputs; its former contents are kept beside it, as OUT.replaced-N.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Stage 5: did the pairs of past August runs help? Each supported school's result year by
    /// year from its August against comparable schools not supported (difference in
    /// differences, bootstrap intervals): evaluation.json, evaluation.csv, evaluation.xlsx
    /// and report.html.
    Evaluate(EvaluateArgs),
    /// Check a data folder without analysing it: a data-quality report and data-quality.csv.
    Check {
        data_dir: PathBuf,
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Replace an output folder that holds files schoolpeers did not write, or another
        /// command's outputs; its former contents are kept beside it, as OUT.replaced-N.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Check that an output folder is exactly what its run wrote: every file results.json
    /// lists, with its size and SHA-256, and no other file (exit 0 when so, 65 when not).
    Verify {
        #[arg(default_value = "out")]
        dir: PathBuf,
    },
    /// Write district.toml, the district settings with their defaults and comments, and
    /// activities.csv, the header of the methodical clusters' activities table, into a folder.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Group the rows of any numeric table (CSV or spreadsheet): each row's group, the scores
    /// of every k tried (FILE-k.csv) and, for hierarchical methods, the merge tree (FILE-tree.csv).
    Cluster(ClusterArgs),
    /// Generate a synthetic district in the input format, with truth.csv.
    Generate(GenerateArgs),
}

/// `schoolpeers evaluate`'s arguments.
#[derive(Debug, Args)]
struct EvaluateArgs {
    /// The data folder with every year of results up to now.
    data_dir: PathBuf,
    /// The results.json of each August run that made pairs (e.g. 2024/results.json
    /// 2025/results.json).
    #[arg(long, required = true, num_args = 1..)]
    history: Vec<PathBuf>,
    #[arg(long, default_value = "evaluation")]
    out: PathBuf,
    /// The seed of the bootstrap.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Replace an output folder that holds files schoolpeers did not write, or another
    /// command's outputs; its former contents are kept beside it, as OUT.replaced-N.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    read: ReadArgs,
}

/// `schoolpeers generate`'s arguments.
#[derive(Debug, Args)]
struct GenerateArgs {
    #[arg(long)]
    schools: usize,
    #[arg(long, default_value_t = 3)]
    years: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
    /// How the schools' conditions are drawn: kinds (town gymnasiums, town, village and
    /// small remote schools) or continuum (one continuum of advantage, no kinds).
    #[arg(long, value_enum, default_value_t = ConditionsArg::Kinds)]
    conditions: ConditionsArg,
    /// The exam table's shape: pupils (a row per pupil and subject) or schools (a row per
    /// school, year, exam and subject: participants, mean score, its standard deviation).
    #[arg(long, value_enum, default_value_t = ShapeArg::Pupils)]
    shape: ShapeArg,
    /// Also draw grade 5 ВПР results, inflated in this share (0–0.5) of the schools not
    /// planted low: scores raised and pushed onto the marks' thresholds (truth.csv's
    /// inflated_vpr). Without it, no ВПР is drawn.
    #[arg(long, value_name = "SHARE")]
    inflated_vpr: Option<f64>,
    /// Plant a programme of stage 5: each August from this year on, the August run on
    /// the years known then pairs low schools with base schools, and the supported
    /// schools' results rise by --effect; the years end three after it, and each
    /// August's results.json is written under history/YEAR/ (truth.csv: who was helped).
    #[arg(long, value_name = "YEAR")]
    programme_from: Option<u16>,
    /// The planted effect of help, in standard deviations of the composite (reached over
    /// three years); 0 plants none.
    #[arg(
        long,
        value_name = "SD",
        default_value_t = 0.3,
        requires = "programme_from"
    )]
    effect: f64,
    /// Replace an output folder that holds files schoolpeers did not write, or another
    /// command's outputs; its former contents are kept beside it, as OUT.replaced-N.
    #[arg(long)]
    force: bool,
}

/// `schoolpeers cluster`'s arguments.
#[derive(Debug, Args)]
struct ClusterArgs {
    file: PathBuf,
    /// The header of the column of row ids; every other column must hold numbers.
    #[arg(long)]
    id_column: String,
    #[arg(long, value_enum, default_value_t = MethodArg::Kmeans)]
    method: MethodArg,
    /// "auto" (chosen by the criterion) or a number of groups.
    #[arg(long, default_value = "auto", value_parser = parse_k)]
    k: KArg,
    #[arg(long, value_enum, default_value_t = CriterionArg::Silhouette)]
    criterion: CriterionArg,
    /// With a number of groups, also score every k from 2 to 8 and write the k table (it is
    /// always written when k is chosen by the criterion).
    #[arg(long)]
    k_table: bool,
    /// The groups file; the others are written beside it.
    #[arg(long, default_value = "groups.csv")]
    out: PathBuf,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The encoding of a CSV file; detected by default.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    encoding: EncodingArg,
    /// Replace existing files of the output's names that schoolpeers did not write.
    #[arg(long)]
    force: bool,
}

/// `--k`: chosen by the criterion, or fixed.
#[derive(Debug, Clone, Copy)]
enum KArg {
    Auto,
    Fixed(usize),
}

fn parse_k(text: &str) -> Result<KArg, String> {
    if text == "auto" {
        return Ok(KArg::Auto);
    }
    match text.parse::<usize>() {
        Ok(k) if k >= 1 => Ok(KArg::Fixed(k)),
        _ => Err(format!(
            "«{text}» — не число групп и не auto (not a number of groups nor auto)"
        )),
    }
}

/// How to read the analyst's data folder (shared by `run` and `check`).
#[derive(Debug, Args)]
struct ReadArgs {
    /// Set rows with errors aside (listed in the outputs) instead of stopping.
    #[arg(long)]
    skip_bad_rows: bool,
    /// The district config (default: district.toml in DATA_DIR, if there).
    #[arg(long)]
    config: Option<PathBuf>,
    /// The encoding of CSV files; detected per file by default.
    #[arg(long, value_enum, default_value_t = EncodingArg::Auto)]
    encoding: EncodingArg,
    /// Bytes of a CSV file read at a time (for tests of the block reader).
    #[arg(long, hide = true)]
    block_bytes: Option<usize>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MethodArg {
    Kmeans,
    Ward,
    Average,
    Complete,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CriterionArg {
    Silhouette,
    CalinskiHarabasz,
    Gap,
}

impl MethodArg {
    fn method(self) -> Method {
        match self {
            MethodArg::Kmeans => Method::KMeans,
            MethodArg::Ward => Method::Hierarchical(Linkage::Ward),
            MethodArg::Average => Method::Hierarchical(Linkage::Average),
            MethodArg::Complete => Method::Hierarchical(Linkage::Complete),
        }
    }
}

impl CriterionArg {
    fn criterion(self) -> Criterion {
        match self {
            CriterionArg::Silhouette => Criterion::Silhouette,
            CriterionArg::CalinskiHarabasz => Criterion::CalinskiHarabasz,
            CriterionArg::Gap => Criterion::Gap,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum EncodingArg {
    Auto,
    #[value(name = "utf-8")]
    Utf8,
    Cp1251,
}

impl EncodingArg {
    fn encoding(self) -> Option<TextEncoding> {
        match self {
            EncodingArg::Auto => None,
            EncodingArg::Utf8 => Some(TextEncoding::Utf8),
            EncodingArg::Cp1251 => Some(TextEncoding::Windows1251),
        }
    }
}

impl ReadArgs {
    fn options(self) -> ReadOptions {
        ReadOptions {
            skip_bad_rows: self.skip_bad_rows,
            config: self.config,
            encoding: self.encoding.encoding(),
            block_bytes: self.block_bytes,
        }
    }
}

/// The demo district: `data/demo` under the current folder, else in the source tree.
fn demo_dir() -> PathBuf {
    let local = Path::new("data/demo");
    if local.is_dir() {
        local.to_owned()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo")
    }
}

/// The command line, or the exit code when it is not one: help and version go to standard
/// output with exit 0; a usage error is EX_USAGE (64), as invalid settings are.
fn parse_cli() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        let _ = e.print();
        ExitCode::from(if e.use_stderr() { 64 } else { 0 })
    })
}

fn main() -> ExitCode {
    // Fail points set in `FAILPOINTS` (only where the `failpoints` feature compiled them in:
    // the tests' binary); nothing otherwise.
    let _failpoints = fail::FailScenario::setup();
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let lang = match cli.lang {
        LangArg::Ru => Lang::Ru,
        LangArg::En => Lang::En,
    };
    let console = Console {
        timings: cli.timings,
        verbose: cli.verbose,
        ..Console::new(lang)
    };
    cli::interrupt::on_ctrl_c(output_root(&cli.command), lang);
    let dialect = match cli.csv_dialect {
        DialectArg::ExcelRu => report::CsvDialect::ExcelRu,
        DialectArg::Rfc4180 => report::CsvDialect::Rfc4180,
    };
    let outcome = match cli.command {
        Command::Demo { out, seed, force } => {
            let settings = Settings {
                dialect,
                force,
                ..Settings::new(seed)
            };
            commands::run(&demo_dir(), &out, &settings, &console)
        }
        Command::Run {
            data_dir,
            out,
            seed,
            previous,
            charts,
            force,
            read,
        } => {
            let settings = Settings {
                read: read.options(),
                previous,
                dialect,
                force,
                charts: match charts {
                    ChartsArg::Auto => report::ChartSet::Auto,
                    ChartsArg::All => report::ChartSet::All,
                    ChartsArg::Page => report::ChartSet::Page,
                    ChartsArg::Groups => report::ChartSet::Groups,
                    ChartsArg::None => report::ChartSet::None,
                },
                ..Settings::new(seed)
            };
            commands::run(&data_dir, &out, &settings, &console)
        }
        Command::Check {
            data_dir,
            out,
            force,
            read,
        } => {
            let output = commands::CheckOutput {
                out: &out,
                dialect,
                force,
            };
            commands::check(&data_dir, output, &read.options(), &console)
        }
        Command::Evaluate(args) => evaluate(args, dialect, &console),
        Command::Verify { dir } => commands::verify(&dir, &console),
        Command::Init { dir } => commands::init(&dir, &console),
        Command::Cluster(args) => cluster(args, dialect, &console),
        Command::Generate(args) => generate(args, &console),
    };
    exit(outcome, lang)
}

/// `schoolpeers evaluate` from its command-line arguments.
fn evaluate(
    args: EvaluateArgs,
    dialect: report::CsvDialect,
    console: &Console,
) -> Result<(), cli::error::RunError> {
    let EvaluateArgs {
        data_dir,
        history,
        out,
        seed,
        force,
        read,
    } = args;
    let request = commands::EvaluateRequest {
        data: &data_dir,
        history: &history,
        out: &out,
        seed,
        read: read.options(),
        dialect,
        force,
    };
    commands::evaluate(&request, console)
}

/// `schoolpeers generate` from its command-line arguments.
fn generate(args: GenerateArgs, console: &Console) -> Result<(), cli::error::RunError> {
    let GenerateArgs {
        schools,
        years,
        seed,
        out,
        conditions,
        shape,
        inflated_vpr,
        programme_from,
        effect,
        force,
    } = args;
    let request = commands::GenerateRequest {
        schools,
        years,
        seed,
        out: &out,
        conditions: match conditions {
            ConditionsArg::Kinds => synth::Conditions::Kinds,
            ConditionsArg::Continuum => synth::Conditions::Continuum,
        },
        per_school: matches!(shape, ShapeArg::Schools),
        inflated_vpr,
        programme: programme_from.map(|from| commands::Programme { from, effect }),
        force,
    };
    commands::generate(&request, console)
}

/// `schoolpeers cluster` from its command-line arguments.
fn cluster(
    args: ClusterArgs,
    dialect: report::CsvDialect,
    console: &Console,
) -> Result<(), cli::error::RunError> {
    let read = ReadOptions {
        encoding: args.encoding.encoding(),
        ..ReadOptions::default()
    };
    let table = commands::TableRequest {
        file: &args.file,
        id_column: &args.id_column,
        read: &read,
        selection: KSelectionParams::default()
            .seed(args.seed)
            .method(args.method.method())
            .criterion(args.criterion.criterion()),
        k: match args.k {
            KArg::Auto => None,
            KArg::Fixed(k) => Some(k),
        },
        k_table: args.k_table,
        out: &args.out,
        dialect,
        force: args.force,
    };
    commands::cluster_table(&table, console)
}

/// The folder a command writes into, where Ctrl-C removes what it left unfinished.
fn output_root(command: &Command) -> Option<PathBuf> {
    match command {
        Command::Demo { out, .. }
        | Command::Run { out, .. }
        | Command::Check { out, .. }
        | Command::Evaluate(EvaluateArgs { out, .. })
        | Command::Generate(GenerateArgs { out, .. }) => Some(out.clone()),
        Command::Cluster(ClusterArgs { out, .. }) => Some(match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        }),
        Command::Init { .. } | Command::Verify { .. } => None,
    }
}

/// The exit code of a command's outcome, its error said on standard error.
fn exit(outcome: Result<(), cli::error::RunError>, lang: Lang) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "{}", failure.message(lang));
            ExitCode::from(failure.exit_code())
        }
    }
}
