import Foundation
import PodiumCore

/// Why the store refused a request, with what the refusal is about as values (the team, the
/// phase, the limit and when it frees), so that each edge words it in its own way: `podium`
/// and the API in English (`errorDescription`), pages in the visitor's language. `podium`
/// exits 1 on all of them; the server maps them to HTTP statuses in one place.
public enum StoreError: Error, LocalizedError, Equatable, Sendable {
    case unknownChallenge(String)
    case unknownTeam(TeamNaming, challenge: String)
    case phaseClosed(PhaseClosure)
    case limitReached(LimitReached)
    case invalidSelection(SelectionProblem)
    case notRevealed(String)
    case publishRefused(PublishRefusal)
    case unknownSubmission(Int64)
    case unknownEnvironment(String)
    /// The store kept changing under the request (publishes, one after another, while a file
    /// was scored): try again.
    case busy(challenge: String)
    /// A report hand-in or a report mark that cannot be taken.
    case marking(MarkingProblem)
    /// The team is the challenge's authors' (roster role `author`): it hands in its preparation
    /// report, it does not submit to its own challenge.
    case authorsDoNotSubmit(team: String, challenge: String)

    public enum MarkingProblem: Equatable, Sendable {
        /// The challenge has no `grading.report`.
        case noReport(challenge: String)
        /// The supervisor does not mark this team.
        case notSupervised(team: String, challenge: String)
        /// The instructor has locked the marks.
        case locked(challenge: String)
        /// A mark outside the scale, a student not of the team...
        case invalid(String)
        /// No supervisor with this token or email.
        case unknownSupervisor(String)
    }

    /// How a request named a team that is not there.
    public enum TeamNaming: Equatable, Sendable {
        case name(String)
        case token
        case tokenOfAnotherChallenge
    }

    /// No phase is open: when the next opens, or when the last closed (in `timeZone`).
    public struct PhaseClosure: Equatable, Sendable {
        public var challenge: String
        public var nextOpening: Date?
        public var lastClosing: Date?
        public var timeZone: TimeZone
    }

    /// A team at one of its limits, and when it may send again (nil: not in this phase).
    public struct LimitReached: Equatable, Sendable {
        public enum Limit: Equatable, Sendable {
            /// `max_per_day` accepted files today.
            case perDay(Int)
            /// `max_total` accepted files in the phase.
            case total(Int, phase: String)
            /// The refused files of a day (`SubmissionService.maxRefusedPerDay`).
            case refusedPerDay(Int)
            /// `code.max_pending` runs queued or running; `run` is one of them.
            case pending(Int, run: Int64)
        }
        public var team: String
        public var limit: Limit
        public var freesAt: Date?
        public var timeZone: TimeZone
    }

    public enum SelectionProblem: Equatable, Sendable {
        case tooMany(team: String, limit: Int, count: Int)
        case notOfTeam(id: Int64, team: String)
        case refused(id: Int64)
    }

    public enum PublishRefusal: Equatable, Sendable {
        /// This version is already in the store with other content.
        case sameVersionOtherContent(file: String, slug: String, version: Int)
        /// The bundle is older than the published version.
        case olderVersion(file: String, slug: String, version: Int, published: Int)
    }

    /// The English wording, for the command line, the API and logs.
    public var errorDescription: String? {
        switch self {
        case .unknownChallenge(let slug): return "no challenge \(Echo.quoted(slug)) in the store (podium publish BUNDLE loads one)"
        case .unknownTeam(let naming, let slug):
            let team =
                switch naming {
                case .name(let name): Echo.quoted(name)
                case .token: "(token)"
                case .tokenOfAnotherChallenge: "(token of another challenge)"
                }
            return "no team \(team) in challenge \(Echo.quoted(slug)) (podium roster import creates teams)"
        case .phaseClosed(let closure):
            if let next = closure.nextOpening {
                return "no phase of \(Echo.quoted(closure.challenge)) is open now; the next opens at \(ISO8601.format(next, in: closure.timeZone))"
            }
            if let closed = closure.lastClosing {
                return "the submissions of \(Echo.quoted(closure.challenge)) closed at \(ISO8601.format(closed, in: closure.timeZone))"
            }
            return "no phase of \(Echo.quoted(closure.challenge)) is open now"
        case .limitReached(let reached):
            let team = Echo.quoted(reached.team)
            let resets = reached.freesAt.map { ISO8601.format($0, in: reached.timeZone) } ?? ""
            switch reached.limit {
            case .refusedPerDay(let count):
                return "team \(team) has sent \(count) refused files today; its submissions wait until \(resets)"
            case .total(let total, let phase):
                return "team \(team) has used all \(total) submissions of phase \(Echo.quoted(phase)) (max_total)"
            case .perDay(let perDay):
                return "team \(team) has used its \(perDay) submissions of today (max_per_day); the count resets at \(resets)"
            case .pending(let count, let run):
                return
                    "team \(team) already has \(count) run\(count == 1 ? "" : "s") queued or running (code.max_pending), #\(run); send the next when it ends"
            }
        case .invalidSelection(.tooMany(let team, let limit, let count)):
            return "team \(Echo.quoted(team)) may select at most \(limit) submissions (final_selection), not \(count)"
        case .invalidSelection(.notOfTeam(let id, let team)): return "submission \(id) is not one of team \(Echo.quoted(team))'s"
        case .invalidSelection(.refused(let id)): return "submission \(id) was refused and cannot be selected"
        case .notRevealed(let slug): return "the private board of \(Echo.quoted(slug)) is not revealed yet"
        case .publishRefused(.sameVersionOtherContent(let file, let slug, let version)):
            return "\(file): version \(version) of \(Echo.quoted(slug)) is already published with other content; raise version in challenge.yaml"
        case .publishRefused(.olderVersion(let file, let slug, let version, let published)):
            return "\(file): version \(version) is older than the published version \(published) of \(Echo.quoted(slug))"
        case .unknownSubmission(let id): return "no submission #\(id) of yours in this challenge"
        case .unknownEnvironment(let name):
            return "no Python environment \(Echo.quoted(name)) on this host (podium environments add \(name) PYTHON registers one)"
        case .busy(let slug): return "\(Echo.quoted(slug)) changed version while the file was scored, several times; submit it again"
        case .authorsDoNotSubmit(let team, let slug):
            return "team \(Echo.quoted(team)) are the authors of \(Echo.quoted(slug)): they hand in their preparation report, they do not submit"
        case .marking(.noReport(let slug)):
            return "challenge \(Echo.quoted(slug)) takes no report (grading.report in challenge.yaml sets its weight, due date and pages)"
        case .marking(.notSupervised(let team, let slug)):
            return "team \(Echo.quoted(team)) of \(Echo.quoted(slug)) is not one of the teams you supervise"
        case .marking(.locked(let slug)): return "the report marks of \(Echo.quoted(slug)) are locked by the instructor"
        case .marking(.invalid(let message)): return message
        case .marking(.unknownSupervisor(let who)): return "no supervisor \(who) (podium supervisors add NAME EMAIL --challenge SLUG --teams T1,T2)"
        }
    }
}
