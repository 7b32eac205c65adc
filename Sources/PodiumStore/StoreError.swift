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
        case .busy(let message): message
        }
    }
}

/// Random secrets shown once and stored only as SHA-256 hashes.
public enum Tokens {
    /// 24 random bytes (192 bits) from the system's secure generator, base64url.
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "\(prefix)_\(text)"
    }

    public static func hash(_ token: String) -> String { Hashing.sha256(Data(token.utf8)) }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
