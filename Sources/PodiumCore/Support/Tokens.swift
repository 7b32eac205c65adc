import Foundation

/// Random secrets shown once and stored only as SHA-256 hashes.
public enum Tokens {
    /// 24 random bytes (192 bits) from the system's secure generator, base64url.
    public static func generate(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "\(prefix)_\(Base64URL.encode(Data(bytes)))"
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
