import Foundation

public enum Ranking {
    /// Builds a board: one row per team, ties sharing a rank (earlier submission first),
    /// the baseline shown but not ranked, teams without a valid submission last.
    public static func board(
        _ kind: BoardKind, challenge: String, version: Int, metric: Metric, teams: [BoardTeam],
        baseline: (public: MetricScores, private: MetricScores)?, finalSelection: Int
    ) -> Leaderboard {
        func better(_ a: (Double, Date, Int64), _ b: (Double, Date, Int64)) -> Bool {
            if a.0 != b.0 { return metric.isBetter(a.0, than: b.0) }
            if a.1 != b.1 { return a.1 < b.1 }
            return a.2 < b.2
        }
        func key(_ s: BoardSubmission, _ scores: MetricScores) -> (Double, Date, Int64)? {
            scores[metric].map { ($0, s.createdAt, s.id) }
        }
        /// The submission that counts for a team on a board, if any.
        func counted(_ team: BoardTeam, _ board: BoardKind) -> BoardSubmission? {
            let scoredPublic = team.submissions.filter { $0.publicScores[metric] != nil }
            switch board {
            case .public:
                return scoredPublic.min { better(key($0, $0.publicScores)!, key($1, $1.publicScores)!) }
            case .private:
                let selected = team.submissions.filter(\.selected)
                let pool =
                    selected.isEmpty
                    ? Array(scoredPublic.sorted { better(key($0, $0.publicScores)!, key($1, $1.publicScores)!) }.prefix(finalSelection))
                    : selected
                return pool.filter { $0.privateScores[metric] != nil }
                    .min { better(key($0, $0.privateScores)!, key($1, $1.privateScores)!) }
            }
        }
        func scores(_ s: BoardSubmission, _ board: BoardKind) -> MetricScores {
            board == .public ? s.publicScores : s.privateScores
        }
        func ranked(_ board: BoardKind) -> [(BoardTeam, BoardSubmission, Int)] {
            let rows = teams.compactMap { team in counted(team, board).map { (team, $0) } }
                .sorted { better(key($0.1, scores($0.1, board))!, key($1.1, scores($1.1, board))!) }
            var result: [(BoardTeam, BoardSubmission, Int)] = []
            for (i, (team, submission)) in rows.enumerated() {
                let score = scores(submission, board)[metric]!
                let rank = i > 0 && scores(result[i - 1].1, board)[metric]! == score ? result[i - 1].2 : i + 1
                result.append((team, submission, rank))
            }
            return result
        }

        let rows = ranked(kind)
        let publicRanks = kind == .private ? Dictionary(ranked(.public).map { ($0.0.name, $0.2) }, uniquingKeysWith: { a, _ in a }) : [:]
        var out: [BoardRow] = rows.map { team, submission, rank in
            let publicRank = publicRanks[team.name]
            return BoardRow(
                rank: rank, team: team.name, members: team.members, score: scores(submission, kind)[metric],
                metrics: scores(submission, kind), entries: team.entries, lastSubmission: team.lastSubmission,
                submissionId: submission.id, isBaseline: false, publicRank: publicRank,
                move: publicRank.map { $0 - rank })
        }
        if let baseline, let value = (kind == .public ? baseline.public : baseline.private)[metric] {
            let row = BoardRow(
                rank: nil, team: "baseline", members: [], score: value, metrics: kind == .public ? baseline.public : baseline.private,
                entries: 0, lastSubmission: nil, submissionId: nil, isBaseline: true, publicRank: nil, move: nil)
            let position = out.firstIndex { metric.isBetter(value, than: $0.score!) } ?? out.count
            out.insert(row, at: position)
        }
        let listed = Set(rows.map(\.0.name))
        for team in teams.sorted(by: { $0.name < $1.name }) where !listed.contains(team.name) {
            out.append(
                BoardRow(
                    rank: nil, team: team.name, members: team.members, score: nil, metrics: [:], entries: team.entries,
                    lastSubmission: team.lastSubmission, submissionId: nil, isBaseline: false, publicRank: nil, move: nil))
        }
        var board = Leaderboard(challenge: challenge, version: version, board: kind, metric: metric, higherIsBetter: metric.higherIsBetter, rows: out)
        if kind == .private {
            let both = rows.filter { publicRanks[$0.0.name] != nil }
            let gaps = rows.compactMap { team, submission, _ -> RankAgreement.Gap? in
                guard let pub = submission.publicScores[metric], let priv = submission.privateScores[metric] else { return nil }
                return RankAgreement.Gap(team: team.name, publicScore: pub, privateScore: priv, gap: pub - priv)
            }
            board.agreement = RankAgreement(
                kendallTau: RankAgreement.kendallTau(both.map { publicRanks[$0.0.name]! }, both.map(\.2)), gaps: gaps)
        }
        return board
    }
}
