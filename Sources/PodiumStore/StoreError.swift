import Foundation
import PodiumCore

/// Why the store refused a request. Each case names what and where; `podium` exits 1 on all
/// of them and the server maps them to HTTP statuses.
public enum StoreError: Error, LocalizedError, Equatable, Sendable {
    case unknownChallenge(String)
    case unknownTeam(String, challenge: String)
    case phaseClosed(String)
    case limitReached(String, freesAt: Date?)
    case invalidSelection(String)
    case notRevealed(String)
    case publishRefused(String)
    case invalidRoster(String)
    case unknownSubmission(Int64)
    /// The store kept changing under the request (a publish after another): try again.
    case busy(String)

    public var errorDescription: String? {
        switch self {
        case .unknownChallenge(let slug): "no challenge \(Echo.quoted(slug)) in the store (podium publish BUNDLE loads one)"
        case .unknownTeam(let team, let slug): "no team \(Echo.quoted(team)) in challenge \(Echo.quoted(slug)) (podium roster import creates teams)"
        case .phaseClosed(let message): message
        case .limitReached(let message, _): message
        case .invalidSelection(let message): message
        case .notRevealed(let slug): "the private board of \(Echo.quoted(slug)) is not revealed yet"
        case .publishRefused(let message): message
        case .invalidRoster(let message): message
        case .unknownSubmission(let id): "no submission #\(id) of yours in this challenge"
        case .busy(let message): message
        }
    }
}
