import Foundation

/// The frame of a chart: its size, margins and plot area, and the SVG element around it.
public struct ChartFrame {
    var width = 760.0
    var height: Double
    var left: Double
    var right: Double
    var top = 16.0
    var bottom = 40.0

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    var plotRight: Double { left + plotWidth }
    var plotBottom: Double { top + plotHeight }

    func svg(label: String, _ content: HTML) -> HTML {
        """
        <svg class="chart" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(label)" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">\
        \(content)</svg>
        """
    }

    /// A horizontal grid line at `y` with its label left of the plot.
    func gridLine(y: Double, label: String) -> HTML {
        """
        <line x1="\(left)" x2="\(plotRight)" y1="\(y)" y2="\(y)" stroke="#e4e4e7"/>\
        <text x="\(left - 6)" y="\(y + 4)" text-anchor="end" font-size="11" fill="#52525b">\(label)</text>
        """
    }

    /// A label under the plot, centred on `x`.
    func xLabel(x: Double, _ text: String) -> HTML {
        "<text x=\"\(x)\" y=\"\(plotBottom + 16)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(text)</text>"
    }
}

/// SVG charts drawn by the server (pages carry no script).
public enum Charts {
    static let palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"]

    static func number(_ v: Double) -> String {
        let magnitude = abs(v)
        if magnitude >= 1000 { return String(format: "%.0f", v) }
        if magnitude >= 10 { return String(format: "%.1f", v) }
        return String(format: "%.3f", v)
    }

    /// Best public score over time, one step line per team; the baseline dashed.
    /// A scored submission on a timeline.
    public struct ScorePoint: Sendable {
        public var id: Int64
        public var team: String
        public var createdAt: Date
        public var score: Double

        public init(id: Int64, team: String, createdAt: Date, score: Double) {
            self.id = id
            self.team = team
            self.createdAt = createdAt
            self.score = score
        }
    }

    public static func scoreHistory(
        _ points: [ScorePoint], metric: Metric, baseline: Double?, zone: TimeZone, labels: ChartLabels = .english
    ) -> HTML {
        let scored = points.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        guard let first = scored.first, let last = scored.last else { return "<p class=\"muted\">\(labels.empty)</p>" }
        let frame = ChartFrame(height: 300, left: 64, right: 150)
        // Each team's running best (a step line) and every file as a marker: filled where it
        // improved the team's best, hollow where it did not.
        var lines: [String: [(Date, Double)]] = [:]
        var markers: [(team: String, date: Date, value: Double, improved: Bool)] = []
        var best: [String: Double] = [:]
        for s in scored {
            let improved = best[s.team].map { metric.isBetter(s.score, than: $0) } ?? true
            markers.append((s.team, s.createdAt, s.score, improved))
            guard improved else { continue }
            best[s.team] = s.score
            lines[s.team, default: []].append((s.createdAt, s.score))
        }
        let axis = ScoreAxis(
            values: lines.values.flatMap { $0.map(\.1) }, keep: lines.values.compactMap { $0.last?.1 }, baseline: baseline, metric: metric)
        let t0 = first.createdAt.timeIntervalSince1970
        let t1 = max(last.createdAt.timeIntervalSince1970, t0 + 60)
        let end = t1 + (t1 - t0) * 0.03
        func x(_ t: Double) -> Double { frame.left + (t - t0) / (end - t0) * frame.plotWidth }
        func y(_ v: Double) -> Double { frame.top + (1 - axis.position(v)) * frame.plotHeight }

        var svg: HTML =
            "<rect x=\"\(frame.left)\" y=\"\(frame.top)\" width=\"\(frame.plotWidth)\" height=\"\(frame.plotHeight)\" fill=\"#fafafa\" stroke=\"#d4d4d8\"/>"
        for v in axis.ticks { svg += frame.gridLine(y: y(v), label: number(v)) }
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = (end - t0) > 2 * 86400 ? "d MMM" : "d MMM HH:mm"
        for i in 0...3 {
            let t = t0 + (end - t0) * Double(i) / 3
            svg += frame.xLabel(x: x(t), formatter.string(from: Date(timeIntervalSince1970: t)))
        }
        let middle = frame.top + frame.plotHeight / 2
        let scaleNote = axis.isLogarithmic ? ", \(labels.logScale)" : ""
        svg +=
            "<text x=\"14\" y=\"\(middle)\" transform=\"rotate(-90 14 \(middle))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(metric.rawValue) (\(metric.higherIsBetter ? labels.higher : labels.lower)\(scaleNote))</text>"
        if let baseline, axis.contains(baseline) {
            svg +=
                "<line x1=\"\(frame.left)\" x2=\"\(frame.plotRight)\" y1=\"\(y(baseline))\" y2=\"\(y(baseline))\" stroke=\"#71717a\" stroke-dasharray=\"5 4\"/>"
            svg +=
                "<text x=\"\(frame.left + 6)\" y=\"\(y(baseline) - 5)\" font-size=\"11\" fill=\"#71717a\">\(labels.baseline) \(Formats.score(baseline))</text>"
        }
        let teams = lines.keys.sorted()
        let colors = Dictionary(uniqueKeysWithValues: teams.enumerated().map { ($1, palette[$0 % palette.count]) })
        for (i, team) in teams.enumerated() {
            let color = colors[team] ?? palette[0]
            var path = ""
            for (j, (date, value)) in (lines[team] ?? []).enumerated() {
                let (px, py) = (x(date.timeIntervalSince1970), y(axis.clamped(value)))
                path += j == 0 ? "M\(px),\(py)" : " H\(px) V\(py)"
            }
            path += " H\(frame.plotRight)"
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            let ly = frame.top + 14 + Double(i) * 18
            svg += "<rect x=\"\(frame.plotRight + 8)\" y=\"\(ly - 9)\" width=\"12\" height=\"4\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(frame.plotRight + 26)\" y=\"\(ly - 3)\" font-size=\"12\" fill=\"#18181b\">\(team)</text>"
        }
        var clipped = 0
        for m in markers {
            let color = colors[m.team] ?? "#a1a1aa"
            let (px, py) = (x(m.date.timeIntervalSince1970), y(axis.clamped(m.value)))
            let title: HTML = "<title>\(m.team): \(Formats.score(m.value))</title>"
            if !axis.contains(m.value) {
                // Off the axis (a weak early file): a triangle on the edge, pointing out.
                clipped += 1
                let down = py > frame.top + frame.plotHeight / 2
                let tip = down ? py + 5 : py - 5
                let base = down ? py - 3 : py + 3
                svg += "<path d=\"M\(px - 5),\(base) L\(px + 5),\(base) L\(px),\(tip) Z\" fill=\"\(color)\">\(title)</path>"
            } else if m.improved {
                svg += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"3.5\" fill=\"\(color)\">\(title)</circle>"
            } else {
                svg += "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"3\" fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"1.2\">\(title)</circle>"
            }
        }
        if clipped > 0 {
            svg +=
                "<text x=\"\(frame.plotRight)\" y=\"\(frame.plotBottom + 32)\" text-anchor=\"end\" font-size=\"11\" fill=\"#52525b\">\(labels.clipped(clipped))</text>"
        }
        return frame.svg(label: labels.title(metric.rawValue), svg)
    }

    /// Each ranked team's score with its interval, one line a team in board order, tiers as
    /// shaded bands with their number, the baseline's score a dashed line (a forest plot).
    public static func forest(_ board: Leaderboard, labels all: ChartLabels = .english) -> HTML {
        let labels = all.forest
        let ranked = board.rankedRows.filter { $0.interval != nil && $0.score != nil }
        guard let summary = board.uncertainty, !ranked.isEmpty else { return .empty }
        let baseline = board.rows.first(where: \.isBaseline)
        let rowHeight = 28.0
        let frame = ChartFrame(height: 16 + rowHeight * Double(ranked.count) + 44, left: 150, right: 140)
        var values = ranked.flatMap { [$0.interval!.low, $0.interval!.high, $0.score!] }
        if let b = baseline?.score { values.append(b) }
        var lo = values.min()!
        var hi = values.max()!
        if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        let pad = (hi - lo) * 0.06
        // Scores within [0, 1] (AUC, accuracy...) keep an axis within [0, 1].
        let unit = values.allSatisfy { (0...1).contains($0) }
        lo = unit ? max(0, lo - pad) : lo - pad
        hi = unit ? min(1, hi + pad) : hi + pad
        func x(_ v: Double) -> Double { frame.left + (v - lo) / (hi - lo) * frame.plotWidth }
        func y(_ i: Int) -> Double { frame.top + rowHeight * (Double(i) + 0.5) }

        var svg = HTML.empty
        // Tiers: bands across the plot, alternately shaded, numbered on the right.
        var start = 0
        while start < ranked.count {
            let tier = ranked[start].tier ?? 1
            var end = start
            while end + 1 < ranked.count && ranked[end + 1].tier == tier { end += 1 }
            let top = frame.top + rowHeight * Double(start)
            let height = rowHeight * Double(end - start + 1)
            let fill = tier % 2 == 1 ? "#eff6ff" : "#f4f4f5"
            svg +=
                "<rect x=\"0\" y=\"\(top)\" width=\"\(frame.width)\" height=\"\(height)\" fill=\"\(fill)\"/>"
            let label = tier == 1 && end > start ? labels.tiedWithLeader : labels.tier(tier)
            svg +=
                "<text x=\"\(frame.plotRight + 10)\" y=\"\(top + height / 2 + 4)\" font-size=\"12\" font-weight=\"600\" fill=\"#1e3a8a\">\(label)</text>"
            if end + 1 < ranked.count {
                svg +=
                    "<line x1=\"0\" x2=\"\(frame.width)\" y1=\"\(top + height)\" y2=\"\(top + height)\" stroke=\"#93c5fd\" stroke-dasharray=\"3 3\"/>"
            }
            start = end + 1
        }
        for i in 0...4 {
            let v = lo + (hi - lo) * Double(i) / 4
            svg +=
                "<line x1=\"\(x(v))\" x2=\"\(x(v))\" y1=\"\(frame.top)\" y2=\"\(frame.plotBottom)\" stroke=\"#d4d4d8\" stroke-width=\"0.5\"/>"
            svg += frame.xLabel(x: x(v), number(v))
        }
        if let b = baseline?.score {
            svg +=
                "<line x1=\"\(x(b))\" x2=\"\(x(b))\" y1=\"\(frame.top)\" y2=\"\(frame.plotBottom)\" stroke=\"#71717a\" stroke-dasharray=\"5 4\"><title>\(all.baseline) \(Formats.score(b))</title></line>"
            svg += "<text x=\"\(x(b) + 4)\" y=\"\(frame.plotBottom - 4)\" font-size=\"11\" fill=\"#71717a\">\(all.baseline)</text>"
        }
        let percent = "\(Int((summary.confidence * 100).rounded()))%"
        for (i, row) in ranked.enumerated() {
            let interval = row.interval!
            let score = row.score!
            let ranks = row.rankInterval.map { labels.ranks($0.best, $0.worst) } ?? ""
            let tip =
                "\(row.team): \(Formats.score(score)), \(labels.interval(percent)) \(Formats.score(interval.low))–\(Formats.score(interval.high)), \(ranks)"
            svg +=
                "<text x=\"\(frame.left - 10)\" y=\"\(y(i) + 4)\" text-anchor=\"end\" font-size=\"12\" fill=\"#18181b\">\(row.rank.map { "\($0). " } ?? "")\(row.team)</text>"
            svg +=
                "<g><title>\(tip)</title><line x1=\"\(x(interval.low))\" x2=\"\(x(interval.high))\" y1=\"\(y(i))\" y2=\"\(y(i))\" stroke=\"#1d4ed8\" stroke-width=\"2.5\"/>"
                + "<line x1=\"\(x(interval.low))\" x2=\"\(x(interval.low))\" y1=\"\(y(i) - 5)\" y2=\"\(y(i) + 5)\" stroke=\"#1d4ed8\" stroke-width=\"2\"/>"
                + "<line x1=\"\(x(interval.high))\" x2=\"\(x(interval.high))\" y1=\"\(y(i) - 5)\" y2=\"\(y(i) + 5)\" stroke=\"#1d4ed8\" stroke-width=\"2\"/>"
                + "<circle cx=\"\(x(score))\" cy=\"\(y(i))\" r=\"4.5\" fill=\"#1d4ed8\" stroke=\"#fff\" stroke-width=\"1.5\"/></g>"
        }
        svg +=
            "<text x=\"\(frame.left + frame.plotWidth / 2)\" y=\"\(frame.height - 8)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(labels.axis(board.metric.rawValue, board.board, percent, board.higherIsBetter))</text>"
        return frame.svg(label: labels.title(percent, board.board), svg)
    }

    /// How many students got each grade (bins of one point).
    public static func gradeHistogram(_ grades: [Double], scale: Double, labels all: ChartLabels = .english) -> HTML {
        let labels = all.grades
        guard !grades.isEmpty else { return "<p class=\"muted\">\(labels.empty)</p>" }
        let bins = max(1, Int(scale.rounded(.up)))
        var counts = [Int](repeating: 0, count: bins)
        for g in grades { counts[min(bins - 1, max(0, Int(g.rounded(.down))))] += 1 }
        let frame = ChartFrame(height: 240, left: 40, right: 16)
        let maxCount = max(1, counts.max() ?? 1)
        let barWidth = frame.plotWidth / Double(bins)
        var svg = HTML.empty
        for i in 0...maxCount where maxCount <= 10 || i % max(1, maxCount / 5) == 0 {
            svg += frame.gridLine(y: frame.plotBottom - Double(i) / Double(maxCount) * frame.plotHeight, label: String(i))
        }
        for (i, c) in counts.enumerated() {
            let h = Double(c) / Double(maxCount) * frame.plotHeight
            let x = frame.left + Double(i) * barWidth
            if c > 0 {
                svg +=
                    "<rect x=\"\(x + 2)\" y=\"\(frame.plotBottom - h)\" width=\"\(barWidth - 4)\" height=\"\(h)\" fill=\"#2563eb\"><title>\(labels.bar(c, i, i + 1))</title></rect>"
            }
            if i % 2 == 0 || bins <= 10 { svg += frame.xLabel(x: x, String(i)) }
        }
        svg += frame.xLabel(x: frame.plotRight, String(Int(scale)))
        svg +=
            "<text x=\"\(frame.left + frame.plotWidth / 2)\" y=\"\(frame.height - 6)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#52525b\">\(labels.axis)</text>"
        svg += "<line x1=\"\(frame.left)\" x2=\"\(frame.plotRight)\" y1=\"\(frame.plotBottom)\" y2=\"\(frame.plotBottom)\" stroke=\"#71717a\"/>"
        return frame.svg(label: labels.title, svg)
    }
}
