import Foundation

/// What a numeric field holds.
enum ParsedNumber {
    case number(Double)
    case nonFinite
    /// Finite, but beyond ±`NumberParser.limit`.
    case tooLarge
    case invalid
}

/// Decimal text to `Double`, correctly rounded. Most fields take Clinger's fast path (an
/// integer mantissa below 2⁵³ scaled by an exact power of ten: one correctly rounded
/// operation); the rest go through `strtod`. Foundation's per-value parsing would dominate
/// the time of scoring ten million rows.
enum NumberParser {
    /// The largest magnitude read as a value. Every metric stays finite on values up to it
    /// (a squared difference is at most 4e200, a sum of a billion of them 4e209), so no score
    /// can overflow; no real target or prediction comes near it (float32 stops at 3.4e38).
    static let limit = 1e100

    /// Written out, so that the array is laid down at compile time: one computed at run time
    /// was a lazily made global, a call to check it for every number read.
    static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21,
        1e22,
    ]

    @inline(__always)
    static func parse(_ field: UnsafeBufferPointer<UInt8>) -> ParsedNumber {
        var lo = 0
        var hi = field.count
        while lo < hi && (field[lo] == 32 || field[lo] == 9) { lo += 1 }
        while hi > lo && (field[hi - 1] == 32 || field[hi - 1] == 9) { hi -= 1 }
        guard lo < hi else { return .invalid }
        var p = lo
        var negative = false
        if field[p] == 45 || field[p] == 43 {
            negative = field[p] == 45
            p += 1
        }
        // Most fields: at most 19 digits, a point perhaps, nothing after. Their digits are
        // summed as they are scanned, in one pass that need not count the significant ones
        // (leading zeros add nothing, and 19 digits cannot overflow; past 19, the sum is
        // thrown away); any other field takes the general loop.
        do {
            var q = p
            var mantissa: UInt64 = 0
            while q < hi {
                let digit = field[q] &- 48
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                q += 1
            }
            let integerEnd = q
            var fractionStart = q
            if q < hi && field[q] == 46 {
                q += 1
                fractionStart = q
                while q < hi {
                    let digit = field[q] &- 48
                    if digit >= 10 { break }
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    q += 1
                }
            }
            let count = (integerEnd - p) + (q - fractionStart)
            if q == hi && count > 0 && count <= 19 {
                let exponent = q - fractionStart
                if mantissa < (1 << 53) && exponent <= 22 {
                    var v = Double(mantissa)
                    if exponent > 0 { v /= powers[exponent] }
                    return .number(negative ? -v : v)
                }
            }
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        while p < hi, field[p] &- 48 < 10 {
            sawDigit = true
            if mantissa == 0 && field[p] == 48 {
                p += 1
                continue
            }
            if digits < 19 {
                mantissa = mantissa * 10 + UInt64(field[p] &- 48)
                digits += 1
            } else {
                exponent += 1
            }
            p += 1
        }
        if p < hi && field[p] == 46 {
            p += 1
            while p < hi, field[p] &- 48 < 10 {
                sawDigit = true
                if mantissa == 0 && field[p] == 48 {
                    exponent -= 1
                    p += 1
                    continue
                }
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(field[p] &- 48)
                    digits += 1
                    exponent -= 1
                }
                p += 1
            }
        }
        guard sawDigit else { return special(field, lo, hi) }
        if p < hi && (field[p] == 101 || field[p] == 69) {
            p += 1
            var expNegative = false
            if p < hi && (field[p] == 45 || field[p] == 43) {
                expNegative = field[p] == 45
                p += 1
            }
            var e = 0
            var sawExp = false
            while p < hi, field[p] &- 48 < 10 {
                sawExp = true
                if e < 100_000 { e = e * 10 + Int(field[p] &- 48) }
                p += 1
            }
            guard sawExp else { return .invalid }
            exponent += expNegative ? -e : e
        }
        guard p == hi else { return .invalid }
        if digits < 16 && mantissa < (1 << 53) && abs(exponent) <= 22 {
            var v = Double(mantissa)
            v = exponent < 0 ? v / powers[-exponent] : v * powers[exponent]
            return .number(negative ? -v : v)
        }
        if mantissa == 0 { return .number(negative ? -0.0 : 0.0) }
        return slow(field, lo, hi)
    }

    private static func slow(_ field: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> ParsedNumber {
        var text = Array(field[lo..<hi])
        text.append(0)
        let v = text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { strtod($0.baseAddress!, nil) }
        }
        guard v.isFinite else { return .nonFinite }
        return abs(v) <= limit ? .number(v) : .tooLarge
    }

    /// `nan`, `inf`, `infinity` (any case, signed): numbers, but not finite.
    private static func special(_ field: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> ParsedNumber {
        var word = String(decoding: field[lo..<hi], as: UTF8.self).lowercased()
        if word.hasPrefix("-") || word.hasPrefix("+") { word.removeFirst() }
        return ["nan", "inf", "infinity"].contains(word) ? .nonFinite : .invalid
    }

    static func parse(_ text: String) -> ParsedNumber {
        var s = text
        return s.withUTF8 { parse($0) }
    }
}
