import Foundation
import PodiumCore
import PodiumStore

extension StoreError {
    /// The refusal in `language`: the store's own English (`errorDescription`, as the command
    /// line and the API say it), or French from its values.
    func text(_ language: Language) -> String {
        guard language == .fr else { return localizedDescription }
        let t = language
        switch self {
        case .unknownChallenge(let slug): return t(.errorUnknownChallenge, Echo.quoted(slug))
        case .unknownTeam(let naming, let slug):
            switch naming {
            case .name(let name): return t(.errorUnknownTeam, Echo.quoted(name), Echo.quoted(slug))
            case .token, .tokenOfAnotherChallenge: return t(.tokenNotOfThisChallenge)
            }
        case .phaseClosed(let closure):
            if let next = closure.nextOpening {
                return t(.errorNextPhaseOpens, Echo.quoted(closure.challenge), ISO8601.format(next, in: closure.timeZone))
            }
            if let closed = closure.lastClosing {
                return t(.errorClosedAt, Echo.quoted(closure.challenge), ISO8601.format(closed, in: closure.timeZone))
            }
            return t(.errorNoPhaseOpen, Echo.quoted(closure.challenge))
        case .limitReached(let reached):
            let team = Echo.quoted(reached.team)
            let resets = reached.freesAt.map { ISO8601.format($0, in: reached.timeZone) } ?? ""
            switch reached.limit {
            case .refusedPerDay(let count): return t(.errorRefusedPerDay, team, "\(count)", resets)
            case .total(let total, let phase): return t(.errorMaxTotal, team, "\(total)", Echo.quoted(phase))
            case .perDay(let perDay): return t(.errorMaxPerDay, team, "\(perDay)", resets)
            case .pending(let count, let run): return t(.errorPending, team, "\(count)", "\(run)")
            }
        case .invalidSelection(.tooMany(let team, let limit, let count)):
            return t(.errorSelectionTooMany, Echo.quoted(team), "\(limit)", "\(count)")
        case .invalidSelection(.notOfTeam(let id, let team)): return t(.errorSelectionNotOfTeam, "\(id)", Echo.quoted(team))
        case .invalidSelection(.refused(let id)): return t(.errorSelectionRefused, "\(id)")
        case .notRevealed(let slug): return t(.errorNotRevealed, Echo.quoted(slug))
        case .publishRefused, .unknownEnvironment, .marking: return localizedDescription  // the command line's (publishing is not done from a page)
        case .unknownSubmission(let id): return t(.errorUnknownSubmission, "\(id)")
        case .busy(let slug): return t(.errorBusy, Echo.quoted(slug))
        case .authorsDoNotSubmit(let team, let slug): return t(.errorAuthorsDoNotSubmit, Echo.quoted(team), Echo.quoted(slug))
        }
    }
}
