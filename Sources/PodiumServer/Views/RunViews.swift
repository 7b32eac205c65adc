import Foundation
import PodiumCore
import PodiumStore

/// A code challenge's runs as their team sees them: the status live (the page refreshes
/// itself while a run waits or runs), the place in the queue, the time it has run, how it
/// ended, and its log.
enum RunViews {
    /// Seconds between refreshes of a page that shows a run still queued or running.
    static let refreshSeconds = 5

    struct RunPage {
        var summary: ChallengeSummary
        var run: RunState
        var log: String
        var now: Date
    }

    /// The status of a run in words: its place in the queue, how long it has run, how it ended.
    /// `brief`: the failure's message cut to its first 160 characters (a table's cell).
    static func status(_ run: RunState, now: Date, language t: Language, brief: Bool = false) -> HTML {
        switch run.status {
        case .queued:
            return "\(t(.runQueuedPosition, "\(run.position ?? 1)"))"
        case .running:
            let seconds = Int(now.timeIntervalSince(run.startedAt ?? now).rounded(.down))
            return "<strong>\(t(.runRunningFor, "\(max(0, seconds))"))</strong>"
        case .accepted:
            return "<span class=\"ok\">\(t(.runAcceptedAs, String(format: "%.1f", run.elapsedSeconds ?? 0), "\(run.submissionId ?? 0)"))</span>"
        case .refused:
            return "<span class=\"error\">\(t(.runRefusedAs, "\(run.submissionId ?? 0)"))</span>"
        case .failed:
            // The failure's words are the runner's (English), marked so.
            var message = run.failure?.message ?? ""
            if brief && message.count > 160 { message = String(message.prefix(160)) + "…" }
            return "<span class=\"error\">\(t(.runFailedKind, run.failure?.kind.rawValue ?? "?"))</span> <span lang=\"en\">\(message)</span>"
        }
    }

    /// The team page's section: its runs, the newest first.
    static func section(_ runs: [RunState], slug: String, zone: TimeZone, now: Date, language t: Language) -> HTML {
        var html: HTML = "<section><h2>\(t(.codeRuns))</h2>"
        guard !runs.isEmpty else { return html + "<p class=\"muted\">\(t(.noRunYet))</p></section>" }
        if runs.contains(where: { $0.status.isPending }) { html += "<p class=\"muted\">\(t(.pageRefreshesWhilePending))</p>" }
        html +=
            "<div class=\"table-wrap\"><table><thead><tr><th>#</th><th>\(t(.statusColumn))</th><th>\(t(.logWord))</th><th>\(t(.fileWord))</th><th>\(t(.timeWord))</th></tr></thead><tbody>"
        for run in runs {
            // The status first: a phone shows the table's first columns.
            html += "<tr><td>\(run.id)</td><td class=\"msg\">\(status(run, now: now, language: t, brief: true))</td>"
            html += "<td><a href=\"\(Paths.teamRun(slug, "\(run.id)"))\">\(t(.logWord))</a></td>"
            html += "<td>\(run.fileName)</td><td>\(Layout.time(run.queuedAt, zone: zone))</td></tr>"
        }
        return html + "</tbody></table></div><p class=\"muted\">\(t(.platformRetries))</p></section>"
    }

    /// One run: its status and its log.
    static func page(_ model: RunPage, in page: PageContext) -> Page {
        let t = page.t
        let manifest = model.summary.manifest
        let run = model.run
        var html = ChallengeViews.header(model.summary, tab: .team, now: model.now, in: page)
        html += "<section><h2>\(t(.run)) #\(run.id): \(run.fileName)</h2><p>\(status(run, now: model.now, language: t))</p>"
        if let job = run.slurmJob { html += "<p class=\"muted\">\(t(.slurmJobOn, job, run.node ?? "?"))</p>" }
        if run.status.isPending { html += "<p class=\"muted\">\(t(.pageRefreshesWhilePending))</p>" }
        html += "<h3>\(t(.runLogHeading))</h3>"
        let log = model.log.isEmpty ? t(.logEmptyYet) : model.log
        html += "<pre class=\"log\" lang=\"en\">\(log)</pre>"
        html += "<p><a class=\"button secondary\" href=\"\(Paths.team(manifest.slug))\">\(t(.myTeamHistoryAndSelection))</a></p></section>"
        return Page(
            title: "\(t(.run)) #\(run.id) — \(manifest.title)", body: html, refresh: run.status.isPending ? refreshSeconds : nil)
    }
}
