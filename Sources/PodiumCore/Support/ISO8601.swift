import Foundation
import Yams

/// ISO 8601 dates with a mandatory offset.
public enum ISO8601 {
    public static func parse(_ text: String) -> Date? {
        guard offsetSeconds(text) != nil else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// The offset at the end of an ISO 8601 date-time (`Z` or `±hh:mm`), if present.
    static func offsetSeconds(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.contains("T") else { return nil }
        if t.hasSuffix("Z") || t.hasSuffix("z") { return 0 }
        let tail = t.suffix(6)
        guard tail.count == 6, let sign = tail.first, sign == "+" || sign == "-" else { return nil }
        let parts = tail.dropFirst().split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }

    public static func format(_ date: Date, in zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }
}
