//! One file per group of commands; each turns arguments into core calls and prints the outcome.

mod access;
mod account;
mod backup;
#[cfg(feature = "demo")]
mod demo;
mod desk;
mod doctor;
mod import;
mod incidents;
mod init;
mod log;
mod persons;
mod retention;
mod rights;
mod users;

use crate::cli::Command;
use crate::context::{CliResult, Context};

pub fn run(ctx: &Context, command: Command) -> CliResult {
    match command {
        Command::Init { admin } => init::run(ctx, &admin),
        Command::User(c) => users::run(ctx, c),
        Command::Login => account::login(ctx),
        Command::Passwd => account::passwd(ctx),
        Command::Recover => account::recover(ctx),
        Command::RotateRecoveryCode { handler } => access::rotate_recovery_code(ctx, &handler),
        Command::Doctor => doctor::run(ctx),
        Command::Migrate => access::migrate(ctx),
        Command::Access(c) => access::run(ctx, c),
        Command::Settings(c) => users::settings(ctx, c),
        Command::Person(c) => persons::run(ctx, c),
        Command::Lookup => persons::lookup(ctx),
        Command::Assign { person, handler } => persons::assign(ctx, &person, &handler, true),
        Command::Unassign { person, handler } => persons::assign(ctx, &person, &handler, false),
        Command::EmergencyAccess { person, edit } => {
            persons::emergency(ctx, person.as_deref(), edit)
        }
        Command::Log(c) => log::run(ctx, c),
        Command::Incident(c) => incidents::run(ctx, c),
        Command::Register(c) => incidents::register(ctx, c),
        Command::Retention(c) => retention::run(ctx, c),
        Command::Backup { out } => backup::write(ctx, &out),
        Command::AcceptRestore => backup::accept(ctx),
        Command::Reception(c) => desk::export(ctx, c),
        Command::Desk(c) => desk::run(ctx, c),
        Command::Import {
            file,
            map,
            exclude,
            commit,
        } => import::run(ctx, &file, &map, &exclude, commit),
        Command::Restore {
            file,
            to,
            replace,
            ledger,
        } => backup::restore(ctx, &file, &to, replace, ledger),
        Command::Request(c) => rights::request(ctx, c),
        Command::Extract {
            id,
            format,
            out,
            lang,
            decisions,
        } => rights::extract(ctx, &id, &format, &out, &lang, decisions),
        Command::HarmAssessment {
            person,
            request,
            outcome,
        } => rights::harm_assessment(ctx, &person, request.as_deref(), &outcome),
        Command::Erase {
            person,
            request,
            reason,
        } => rights::erase(ctx, &person, &request, &reason),
        Command::Restrict {
            person,
            ground,
            until,
        } => rights::restrict(ctx, &person, &ground, until),
        Command::LiftRestriction { person, told_on } => rights::lift(ctx, &person, &told_on),
        Command::Consent(c) => rights::consent(ctx, c),
        Command::Object { person, purpose } => rights::object(ctx, &person, &purpose),
        Command::Disclose { person } => rights::disclose(ctx, &person),
        Command::Rights { person } => rights::show(ctx, &person),
        #[cfg(feature = "demo")]
        Command::DemoVault { persons } => demo::run(ctx, persons),
    }
}
