import Foundation
import PodiumCore
import PodiumStore

/// SVG charts drawn by the server (pages carry no script).
enum Charts {
    static let palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"]

    static func esc(_ s: String) -> String { Formats.escapeHTML(s) }

    static func number(_ v: Double) -> String {
        let magnitude = abs(v)
        if magnitude >= 1000 { return String(format: "%.0f", v) }
        if magnitude >= 10 { return String(format: "%.1f", v) }
        return String(format: "%.3f", v)
    }

    /// Best public score over time, one step line per team; the baseline dashed.
    static func scoreHistory(_ history: [SubmissionView], metric: Metric, baseline: Double?, zone: TimeZone) -> String {
        let accepted = history.filter { $0.status == "accepted" && $0.publicScore != nil }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        guard let first = accepted.first, let last = accepted.last else {
            return "<p class=\"muted\">No scored submission yet: the chart of best public scores appears with the first one.</p>"
        }
        let width = 760.0
        let height = 300.0
        let left = 64.0
        let right = 150.0
        let top = 16.0
        let bottom = 40.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        var lines: [String: [(Date, Double)]] = [:]
        var best: [String: Double] = [:]
        for s in accepted {
            let v = s.publicScore!
            if let b = best[s.team], !metric.isBetter(v, than: b) { continue }
            best[s.team] = v
            lines[s.team, default: []].append((s.createdAt, v))
        }
        var values = lines.values.flatMap { $0.map(\.1) }
        if let baseline { values.append(baseline) }
        var lo = values.min()!
        var hi = values.max()!
        if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        let pad = (hi - lo) * 0.08
        lo -= pad
        hi += pad
        let t0 = first.createdAt.timeIntervalSince1970
        var t1 = last.createdAt.timeIntervalSince1970
        if t1 - t0 < 60 { t1 = t0 + 60 }
        let end = t1 + (t1 - t0) * 0.03
        func x(_ d: Double) -> Double { left + (d - t0) / (end - t0) * plotW }
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * plotH }
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Best public \(metric.rawValue) over time per team\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"#fafafa\" stroke=\"#d4d4d8\"/>"
        for i in 0...4 {
            let v = lo + (hi - lo) * Double(i) / 4
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(y(v))\" y2=\"\(y(v))\" stroke=\"#e4e4e7\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(v) + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#52525b\">\(number(v))</text>"
        }
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = (end - t0) > 2 * 86400 ? "d MMM" : "d MMM HH:mm"
        for i in 0...3 {
            let t = t0 + (end - t0) * Double(i) / 3
            svg +=
                "<text x=\"\(x(t))\" y=\"\(height - bottom + 18)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(esc(formatter.string(from: Date(timeIntervalSince1970: t))))</text>"
        }
        svg +=
            "<text x=\"14\" y=\"\(top + plotH / 2)\" transform=\"rotate(-90 14 \(top + plotH / 2))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(esc(metric.rawValue)) (\(metric.higherIsBetter ? "higher" : "lower") is better)</text>"
        if let baseline {
            svg +=
                "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(y(baseline))\" y2=\"\(y(baseline))\" stroke=\"#71717a\" stroke-dasharray=\"5 4\"/>"
            svg += "<text x=\"\(left + 6)\" y=\"\(y(baseline) - 5)\" font-size=\"11\" fill=\"#71717a\">baseline \(Formats.score(baseline))</text>"
        }
        for (i, team) in lines.keys.sorted().enumerated() {
            let color = palette[i % palette.count]
            let points = lines[team]!
            var path = ""
            for (j, (date, value)) in points.enumerated() {
                let px = x(date.timeIntervalSince1970)
                let py = y(value)
                path += j == 0 ? "M\(px),\(py)" : " H\(px) V\(py)"
            }
            path += " H\(left + plotW)"
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            for (date, value) in points {
                svg +=
                    "<circle cx=\"\(x(date.timeIntervalSince1970))\" cy=\"\(y(value))\" r=\"3\" fill=\"\(color)\"><title>\(esc(team)): \(Formats.score(value))</title></circle>"
            }
            let ly = top + 14 + Double(i) * 18
            svg += "<rect x=\"\(left + plotW + 8)\" y=\"\(ly - 9)\" width=\"12\" height=\"4\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(left + plotW + 26)\" y=\"\(ly - 3)\" font-size=\"12\" fill=\"#18181b\">\(esc(team))</text>"
        }
        return svg + "</svg>"
    }

    /// How many students got each grade (bins of one point).
    static func gradeHistogram(_ grades: [Double], scale: Double) -> String {
        guard !grades.isEmpty else { return "<p class=\"muted\">No students yet.</p>" }
        let bins = Int(scale.rounded(.up))
        var counts = [Int](repeating: 0, count: bins)
        for g in grades { counts[min(bins - 1, max(0, Int(g.rounded(.down))))] += 1 }
        let width = 760.0
        let height = 240.0
        let left = 40.0
        let right = 16.0
        let top = 16.0
        let bottom = 40.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let maxCount = max(1, counts.max()!)
        let barW = plotW / Double(bins)
        var svg =
            "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Histogram of grades\" xmlns=\"http://www.w3.org/2000/svg\">"
        for i in 0...maxCount where maxCount <= 10 || i % max(1, maxCount / 5) == 0 {
            let yy = top + plotH - Double(i) / Double(maxCount) * plotH
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(yy)\" y2=\"\(yy)\" stroke=\"#e4e4e7\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(yy + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#52525b\">\(i)</text>"
        }
        for (i, c) in counts.enumerated() {
            let h = Double(c) / Double(maxCount) * plotH
            let xx = left + Double(i) * barW
            if c > 0 {
                svg +=
                    "<rect x=\"\(xx + 2)\" y=\"\(top + plotH - h)\" width=\"\(barW - 4)\" height=\"\(h)\" fill=\"#2563eb\"><title>\(c) student\(c == 1 ? "" : "s") in [\(i), \(i + 1))</title></rect>"
            }
            if i % 2 == 0 || bins <= 10 {
                svg += "<text x=\"\(xx)\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(i)</text>"
            }
        }
        svg +=
            "<text x=\"\(left + plotW)\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(Int(scale))</text>"
        svg +=
            "<text x=\"\(left + plotW / 2)\" y=\"\(height - 6)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">challenge grade (students per point)</text>"
        svg += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(top + plotH)\" y2=\"\(top + plotH)\" stroke=\"#71717a\"/>"
        return svg + "</svg>"
    }
}
