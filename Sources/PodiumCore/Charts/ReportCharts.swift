import Foundation

/// The figures of a challenge report: SVG that stands alone (a file in a LaTeX or Word
/// report) and inline on the instructor's page. Each has labelled axes and a caption line.
extension Charts {
    static func text(
        _ x: Double, _ y: Double, _ content: String, anchor: String = "middle", size: Int = 11, color: String = "#52525b", extra: String = ""
    )
        -> HTML
    {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(color)\" font-family=\"sans-serif\"\(HTML(trusted: extra))>\(content)</text>"
    }

    static func caption(_ frame: ChartFrame, _ content: String) -> HTML {
        text(frame.width / 2, frame.height - 6, content, size: 12, color: "#18181b")
    }

    /// Accepted and refused submissions per day, stacked bars.
    public static func submissionsPerDay(_ days: [(day: String, accepted: Int, refused: Int)]) -> HTML {
        guard !days.isEmpty else { return "<p class=\"muted\">No submission yet.</p>" }
        let frame = ChartFrame(height: 280, left: 48, right: 16, top: 16, bottom: 64)
        let most = max(1, days.map { $0.accepted + $0.refused }.max()!)
        let width = frame.plotWidth / Double(days.count)
        var svg = HTML.empty
        // Whole numbers of submissions, about five lines.
        for v in stride(from: 0, through: most, by: max(1, (most + 3) / 4)) {
            svg += frame.gridLine(y: frame.plotBottom - Double(v) / Double(most) * frame.plotHeight, label: String(v))
        }
        for (i, day) in days.enumerated() {
            let x = frame.left + Double(i) * width
            let h1 = Double(day.accepted) / Double(most) * frame.plotHeight
            let h2 = Double(day.refused) / Double(most) * frame.plotHeight
            svg +=
                "<rect x=\"\(x + 1)\" y=\"\(frame.plotBottom - h1)\" width=\"\(max(1, width - 2))\" height=\"\(h1)\" fill=\"#2563eb\"><title>\(day.day): \(day.accepted) accepted</title></rect>"
            svg +=
                "<rect x=\"\(x + 1)\" y=\"\(frame.plotBottom - h1 - h2)\" width=\"\(max(1, width - 2))\" height=\"\(h2)\" fill=\"#f87171\"><title>\(day.day): \(day.refused) refused</title></rect>"
            if days.count <= 12 || i % max(1, days.count / 8) == 0 { svg += frame.xLabel(x: x + width / 2, day.day) }
        }
        svg += text(14, frame.top + frame.plotHeight / 2, "submissions", extra: " transform=\"rotate(-90 14 \(frame.top + frame.plotHeight / 2))\"")
        svg += text(frame.left + frame.plotWidth - 4, frame.top + 12, "■ accepted", anchor: "end", color: "#2563eb")
        svg += text(frame.left + frame.plotWidth - 84, frame.top + 12, "■ refused", anchor: "end", color: "#dc2626")
        svg += caption(frame, "Submissions per day (day in the challenge's time zone; refused files in red)")
        return frame.svg(label: "Submissions per day", svg)
    }

    /// Each team's final score on one axis, the baseline dashed and the best marked.
    public static func scoreDistribution(_ scores: [(team: String, score: Double)], baseline: Double?, metric: Metric, board: String) -> HTML {
        guard !scores.isEmpty else { return "<p class=\"muted\">No ranked team.</p>" }
        let frame = ChartFrame(height: 150 + 16 * Double(min(scores.count, 8)), left: 24, right: 24, top: 16, bottom: 56)
        var values = scores.map(\.score) + (baseline.map { [$0] } ?? [])
        if values.min() == values.max() { values += [values[0] - 0.5, values[0] + 0.5] }
        let pad = (values.max()! - values.min()!) * 0.06
        let (lo, hi) = (values.min()! - pad, values.max()! + pad)
        func x(_ v: Double) -> Double { frame.left + (v - lo) / (hi - lo) * frame.plotWidth }
        let axisY = frame.plotBottom
        var svg: HTML = "<line x1=\"\(frame.left)\" x2=\"\(frame.plotRight)\" y1=\"\(axisY)\" y2=\"\(axisY)\" stroke=\"#71717a\"/>"
        for i in 0...4 {
            let v = lo + (hi - lo) * Double(i) / 4
            svg += "<line x1=\"\(x(v))\" x2=\"\(x(v))\" y1=\"\(axisY)\" y2=\"\(axisY + 4)\" stroke=\"#71717a\"/>"
            svg += frame.xLabel(x: x(v), number(v))
        }
        let best = scores.map(\.score).reduce(scores[0].score) { metric.isBetter($1, than: $0) ? $1 : $0 }
        for (i, s) in scores.sorted(by: { $0.score < $1.score }).enumerated() {
            let y = axisY - 14 - Double(i % 8) * 16
            let isBest = s.score == best
            svg +=
                "<circle cx=\"\(x(s.score))\" cy=\"\(y)\" r=\"5\" fill=\"\(isBest ? "#16a34a" : "#2563eb")\"><title>\(s.team): \(Formats.score(s.score))</title></circle>"
            let nearRight = x(s.score) > frame.plotRight - 90
            svg += text(
                x(s.score) + (nearRight ? -8 : 8), y + 4, s.team + (isBest ? " (best)" : ""), anchor: nearRight ? "end" : "start", color: "#18181b")
        }
        if let baseline {
            svg +=
                "<line x1=\"\(x(baseline))\" x2=\"\(x(baseline))\" y1=\"\(frame.top)\" y2=\"\(axisY)\" stroke=\"#71717a\" stroke-dasharray=\"5 4\"/>"
            svg += text(x(baseline) + 4, frame.top + 10, "baseline \(Formats.score(baseline))", anchor: "start")
        }
        svg += caption(frame, "Final \(metric.rawValue) per team on the \(board) rows (\(metric.higherIsBetter ? "higher" : "lower") is better)")
        return frame.svg(label: "Distribution of final scores", svg)
    }

    /// One point per team: public score against private score, the diagonal drawn.
    public static func publicVsPrivate(_ points: [(team: String, publicScore: Double, privateScore: Double)], metric: Metric) -> HTML {
        guard !points.isEmpty else { return "<p class=\"muted\">No team has both scores.</p>" }
        let frame = ChartFrame(width: 480, height: 420, left: 64, right: 24, top: 16, bottom: 64)
        var values = points.flatMap { [$0.publicScore, $0.privateScore] }
        if values.min() == values.max() { values += [values[0] - 0.5, values[0] + 0.5] }
        let pad = (values.max()! - values.min()!) * 0.08
        let (lo, hi) = (values.min()! - pad, values.max()! + pad)
        func x(_ v: Double) -> Double { frame.left + (v - lo) / (hi - lo) * frame.plotWidth }
        func y(_ v: Double) -> Double { frame.plotBottom - (v - lo) / (hi - lo) * frame.plotHeight }
        var svg: HTML =
            "<rect x=\"\(frame.left)\" y=\"\(frame.top)\" width=\"\(frame.plotWidth)\" height=\"\(frame.plotHeight)\" fill=\"#fafafa\" stroke=\"#d4d4d8\"/>"
        for i in 0...4 {
            let v = lo + (hi - lo) * Double(i) / 4
            svg += frame.gridLine(y: y(v), label: number(v))
            svg += frame.xLabel(x: x(v), number(v))
        }
        svg += "<line x1=\"\(x(lo))\" y1=\"\(y(lo))\" x2=\"\(x(hi))\" y2=\"\(y(hi))\" stroke=\"#71717a\" stroke-dasharray=\"5 4\"/>"
        for p in points {
            svg +=
                "<circle cx=\"\(x(p.publicScore))\" cy=\"\(y(p.privateScore))\" r=\"5\" fill=\"#2563eb\"><title>\(p.team): public \(Formats.score(p.publicScore)), private \(Formats.score(p.privateScore))</title></circle>"
            svg += text(x(p.publicScore) + 7, y(p.privateScore) - 6, p.team, anchor: "start", color: "#18181b")
        }
        svg += text(frame.left + frame.plotWidth / 2, frame.plotBottom + 32, "public \(metric.rawValue)")
        let middle = frame.top + frame.plotHeight / 2
        svg += text(14, middle, "private \(metric.rawValue)", extra: " transform=\"rotate(-90 14 \(middle))\"")
        svg += caption(frame, "Public against private score per team (dashed: equal scores)")
        return frame.svg(label: "Public against private scores", svg)
    }

    /// Rows: true class; columns: predicted class; each cell its count, shaded by its share of the row.
    public static func confusionMatrix(classes: [String], cells: [[Int]], team: String) -> HTML {
        let k = classes.count
        guard k > 0, cells.count == k else { return .empty }
        let size = min(64.0, 360 / Double(k))
        let frame = ChartFrame(width: 140 + size * Double(k) + 24, height: 60 + size * Double(k) + 64, left: 140, right: 24, top: 40, bottom: 64)
        var svg = HTML.empty
        for t in 0..<k {
            let total = max(1, cells[t].reduce(0, +))
            svg += text(frame.left - 8, frame.top + (Double(t) + 0.5) * size + 4, classes[t], anchor: "end", color: "#18181b")
            for p in 0..<k {
                let share = Double(cells[t][p]) / Double(total)
                let x = frame.left + Double(p) * size
                let y = frame.top + Double(t) * size
                let fill = t == p ? "rgba(22,163,74,\(0.15 + 0.85 * share))" : "rgba(220,38,38,\(0.08 + 0.92 * share))"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(size - 2)\" height=\"\(size - 2)\" fill=\"\(fill)\"/>"
                svg += text(x + size / 2 - 1, y + size / 2 + 4, String(cells[t][p]), size: 12, color: "#18181b")
            }
        }
        for p in 0..<k { svg += text(frame.left + (Double(p) + 0.5) * size, frame.top - 8, classes[p], color: "#18181b") }
        svg += text(frame.left + size * Double(k) / 2, frame.top - 26, "predicted class")
        svg += text(frame.left - 8, frame.top - 26, "true class", anchor: "end")
        svg += caption(frame, "Confusion matrix of \(team)'s counted submission on the private rows")
        return frame.svg(label: "Confusion matrix", svg)
    }
}
