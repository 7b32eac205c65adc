import Foundation

/// Every word the pages write, in English and in French, keyed by case. A view asks for a
/// phrase (`language(.leaderboard)`), never for a string: a phrase without its French is a
/// compile error (the switch below has one pair per case), and `FrenchPagesTests` fails on any
/// page that shows the English of a phrase. `{1}`, `{2}` stand for the values given with it.
enum Phrase: CaseIterable, Sendable {
    case acceptedTitle,
        acceptedPlural,
        acceptedStatus,
        allFilesAboveAndReadme,
        allSubmissionsByTeamAnd,
        allTeamsAndAnyoneWith,
        anyStatus,
        back,
        backToChallenge,
        backToInstructorPage,
        baseline,
        bestPublic,
        bestPublicScoreOverTime,
        cancel,
        challenges,
        closedSince,
        closedBadge,
        closedState,
        commaSeparatedWithPointAs,
        csvFileWithHeader,
        dailyCountsStartAgainAt,
        data,
        day,
        descriptionLabel,
        descriptionColumn,
        descriptionOptional,
        downloadStartingKit,
        eGGradientBoosting300,
        eachTeamSHistoryWill,
        equalScoresShareRankTeam,
        everyProblemOfRefusedFile,
        everyTeam,
        fileMovesItOnlyWhen,
        fileWasRefusedItDoes,
        fileWord,
        files,
        filter,
        finalWord,
        firstLinesOfSampleSubmission,
        fullLeaderboardIntervalsAndChart,
        header,
        higherIsBetter,
        historyAndFinalSelection,
        iUnderstandParticipantsWillSee,
        instructor,
        instructorPreviewThisIsWhat,
        instructorView,
        latestSubmissions,
        leaderboard,
        leftInAll,
        leftToday,
        lowerIsBetter,
        myTeam,
        myTeamHistoryAndSelection,
        newer,
        noChallengeIsPublishedYet,
        noDailyLimitOnAccepted,
        noDeadline,
        noSubmissionYet,
        noTeamYet,
        notOpenYet,
        ofTeam,
        ofWord,
        older,
        onPublicBoardBestSo,
        oneRowPerIdAnyOrder,
        oneRowPerId,
        openWord,
        opens,
        overview,
        page,
        pages,
        phase,
        predictionsCsvCsvGzOr,
        privateBoardIsRevealedParticipants,
        privateBoardIsVisibleTo,
        privateBoardOpensByItself,
        privateBoardRevealed,
        privateBoardWhichDecidesFinal,
        privateLeaderboardFinal,
        privateWord,
        problems,
        publicLeaderboard,
        publicWord,
        rank,
        refusedPlural,
        refusedStatus,
        refusedFilesDoNotCount,
        reveal,
        revealPrivateBoardEllipsis,
        revealPrivateBoard,
        revealPrivateBoardOf,
        rows,
        rowsToPredictNoTarget,
        saveFinalSelection,
        seeWhatParticipantsSee,
        select,
        signIn,
        signOut,
        size,
        statusLabel,
        statusColumn,
        submission,
        submissionFormat,
        submissionLeftToday,
        submissions,
        submissionsAreStillOpenTeams,
        submissionsLeftToday,
        submit,
        submitFile,
        submitPredictions,
        submittingAsTeam,
        teamWord,
        teamLabel,
        teamToken,
        teams,
        thisCannotBeUndone,
        tickUpToAcceptedSubmissions,
        timeWord,
        trainingRowsWithTargetColumn,
        until,
        validSubmissionToStartFrom

    /// The phrase in English and in French.
    var pair: (english: String, french: String) {
        switch self {
        case .acceptedTitle: ("Accepted", "Acceptée")
        case .acceptedPlural: ("accepted", "acceptées")
        case .acceptedStatus: ("accepted", "acceptée")
        case .allFilesAboveAndReadme: ("all the files above and the README, in one zip", "tous les fichiers ci-dessus et le README, en un zip")
        case .allSubmissionsByTeamAnd: ("All {1} submissions, by team and status", "Les {1} soumissions, par équipe et statut")
        case .allTeamsAndAnyoneWith: ("All {1} teams and anyone with the address will see the private board: {2} ranked teams with their private scores.", "Les {1} équipes, et quiconque a l'adresse, verront le classement privé : {2} équipes classées avec leurs scores privés.")
        case .anyStatus: ("any status", "tous les statuts")
        case .back: ("Back", "Retour")
        case .backToChallenge: ("Back to the challenge", "Retour au challenge")
        case .backToInstructorPage: ("Back to the instructor page", "Retour à la page enseignant")
        case .baseline: ("baseline", "référence")
        case .bestPublic: ("Best public", "Meilleur score public")
        case .bestPublicScoreOverTime: ("Best public score over time", "Meilleur score public au fil du temps")
        case .cancel: ("Cancel", "Annuler")
        case .challenges: ("Challenges", "Challenges")
        case .closedSince: ("closed since", "fermé depuis le")
        case .closedBadge: ("Closed", "Fermé")
        case .closedState: ("closed", "fermé")
        case .commaSeparatedWithPointAs: ("comma-separated, with a point as the decimal mark; .csv, .csv.gz or a .zip holding one .csv.", "séparé par des virgules, avec un point décimal ; .csv, .csv.gz ou un .zip contenant un seul .csv.")
        case .csvFileWithHeader: ("A CSV file with the header", "Un fichier CSV dont l'en-tête est")
        case .dailyCountsStartAgainAt: ("Daily counts start again at", "Les compteurs du jour repartent à")
        case .data: ("Data", "Données")
        case .day: ("a day", "par jour")
        case .descriptionLabel: ("Description", "Description")
        case .descriptionColumn: ("description", "description")
        case .descriptionOptional: ("Description (optional)", "Description (facultative)")
        case .downloadStartingKit: ("Download the starting kit", "Télécharger le kit de démarrage")
        case .eGGradientBoosting300: ("e.g. gradient boosting, 300 trees, no feature 7", "ex. gradient boosting, 300 arbres, sans la variable 7")
        case .eachTeamSHistoryWill: ("Each team's history will show its private scores.", "L'historique de chaque équipe montrera ses scores privés.")
        case .equalScoresShareRankTeam: ("Equal scores share a rank; the team that reached it first is listed first", "Des scores égaux partagent un rang ; l'équipe qui l'a atteint en premier est listée en premier")
        case .everyProblemOfRefusedFile: ("Every problem of a refused file is listed at once; a refused file does not count toward the daily limit.", "Tous les problèmes d'un fichier refusé sont listés d'un coup ; un fichier refusé ne compte pas dans la limite quotidienne.")
        case .everyTeam: ("every team", "toutes les équipes")
        case .fileMovesItOnlyWhen: ("A file moves it only when it beats your last by more than the public rows' noise; exact public scores are not shown.", "Un fichier ne le change que s'il bat le précédent de plus que le bruit des lignes publiques ; les scores publics exacts ne sont pas affichés.")
        case .fileWasRefusedItDoes: ("The file was refused; it does not count toward your limits. Every problem found:", "Le fichier a été refusé ; il ne compte pas dans vos limites. Tous les problèmes trouvés :")
        case .fileWord: ("file", "fichier")
        case .files: ("Files", "Fichiers")
        case .filter: ("Filter", "Filtrer")
        case .finalWord: ("final", "finale")
        case .firstLinesOfSampleSubmission: ("The first lines of sample_submission.csv:", "Les premières lignes de sample_submission.csv :")
        case .fullLeaderboardIntervalsAndChart: ("Full leaderboard, intervals and chart", "Classement complet, intervalles et graphique")
        case .header: ("Header", "En-tête")
        case .higherIsBetter: ("higher is better", "plus haut = meilleur")
        case .historyAndFinalSelection: ("History and final selection", "Historique et sélection finale")
        case .iUnderstandParticipantsWillSee: ("I understand: participants will see the private board and its scores, for good.", "Je comprends : les participants verront le classement privé et ses scores, définitivement.")
        case .instructor: ("instructor", "enseignant")
        case .instructorPreviewThisIsWhat: ("Instructor preview: this is what participants see (no private score before the reveal).", "Aperçu enseignant : ce que voient les participants (aucun score privé avant la révélation).")
        case .instructorView: ("instructor view", "vue enseignant")
        case .latestSubmissions: ("Latest submissions", "Dernières soumissions")
        case .leaderboard: ("Leaderboard", "Classement")
        case .leftInAll: ("left in all", "restantes au total")
        case .leftToday: ("left today", "restants aujourd'hui")
        case .lowerIsBetter: ("lower is better", "plus bas = meilleur")
        case .myTeam: ("My team", "Mon équipe")
        case .myTeamHistoryAndSelection: ("My team: history and selection", "Mon équipe : historique et sélection")
        case .newer: ("newer", "plus récentes")
        case .noChallengeIsPublishedYet: ("No challenge is published yet (podium publish BUNDLE).", "Aucun challenge publié pour l'instant (podium publish BUNDLE).")
        case .noDailyLimitOnAccepted: ("No daily limit on accepted files", "Pas de limite quotidienne pour les fichiers acceptés")
        case .noDeadline: ("no deadline", "sans date limite")
        case .noSubmissionYet: ("No submission yet.", "Aucune soumission pour l'instant.")
        case .noTeamYet: ("No team yet.", "Aucune équipe pour l'instant.")
        case .notOpenYet: ("Not open yet", "Pas encore ouvert")
        case .ofTeam: ("of team", "de l'équipe")
        case .ofWord: ("of", "sur")
        case .older: ("older", "plus anciennes")
        case .onPublicBoardBestSo: ("on the public board (best so far", "sur le classement public (meilleur jusqu'ici")
        case .oneRowPerIdAnyOrder: ("one row per id of test.csv, in any order", "une ligne par id de test.csv, dans n'importe quel ordre")
        case .oneRowPerId: ("one row per id of test.csv.", "une ligne par id de test.csv.")
        case .openWord: ("Open", "Ouvert")
        case .opens: ("opens", "ouvre le")
        case .overview: ("Overview", "Présentation")
        case .page: ("page", "page")
        case .pages: ("pages", "pages")
        case .phase: ("phase", "phase")
        case .predictionsCsvCsvGzOr: ("Predictions (.csv, .csv.gz or .zip)", "Prédictions (.csv, .csv.gz ou .zip)")
        case .privateBoardIsRevealedParticipants: ("The private board is revealed: participants see it.", "Le classement privé est révélé : les participants le voient.")
        case .privateBoardIsVisibleTo: ("The private board is visible to participants.", "Le classement privé est visible des participants.")
        case .privateBoardOpensByItself: ("The private board opens by itself at", "Le classement privé s'ouvrira de lui-même le")
        case .privateBoardRevealed: ("private board revealed", "classement privé révélé")
        case .privateBoardWhichDecidesFinal: ("The private board, which decides the final ranking, is shown once the instructor reveals it.", "Le classement privé, qui décide du classement final, est affiché quand l'enseignant le révèle.")
        case .privateLeaderboardFinal: ("Private leaderboard (final)", "Classement privé (final)")
        case .privateWord: ("private", "privé")
        case .problems: ("problems", "problèmes")
        case .publicLeaderboard: ("Public leaderboard", "Classement public")
        case .publicWord: ("Public", "Score public")
        case .rank: ("rank", "rang")
        case .refusedPlural: ("refused", "refusées")
        case .refusedStatus: ("refused", "refusée")
        case .refusedFilesDoNotCount: ("refused files do not count, up to", "les fichiers refusés ne comptent pas, jusqu'à")
        case .reveal: ("reveal", "révélation")
        case .revealPrivateBoardEllipsis: ("Reveal the private board…", "Révéler le classement privé…")
        case .revealPrivateBoard: ("Reveal the private board", "Révéler le classement privé")
        case .revealPrivateBoardOf: ("Reveal the private board of", "Révéler le classement privé de")
        case .rows: ("rows", "lignes")
        case .rowsToPredictNoTarget: ("the rows to predict (no target)", "les lignes à prédire (sans la cible)")
        case .saveFinalSelection: ("Save the final selection", "Enregistrer la sélection finale")
        case .seeWhatParticipantsSee: ("See what participants see", "Voir ce que voient les participants")
        case .select: ("select", "choisir")
        case .signIn: ("Sign in", "Se connecter")
        case .signOut: ("Sign out", "Se déconnecter")
        case .size: ("size", "taille")
        case .statusLabel: ("Status", "Statut")
        case .statusColumn: ("status", "statut")
        case .submission: ("Submission", "Soumission")
        case .submissionFormat: ("Submission format", "Format des soumissions")
        case .submissionLeftToday: ("submission left today", "soumission restante aujourd'hui")
        case .submissions: ("submissions", "soumissions")
        case .submissionsAreStillOpenTeams: ("Submissions are still open: teams could then tune their files on the private rows.", "Les soumissions sont encore ouvertes : les équipes pourraient alors ajuster leurs fichiers sur les lignes privées.")
        case .submissionsLeftToday: ("submissions left today", "soumissions restantes aujourd'hui")
        case .submit: ("Submit", "Soumettre")
        case .submitFile: ("Submit a file", "Soumettre un fichier")
        case .submitPredictions: ("Submit predictions", "Soumettre des prédictions")
        case .submittingAsTeam: ("Submitting as team", "Vous soumettez pour l'équipe")
        case .teamWord: ("team", "équipe")
        case .teamLabel: ("Team", "Équipe")
        case .teamToken: ("Team token", "Jeton de l'équipe")
        case .teams: ("teams", "équipes")
        case .thisCannotBeUndone: ("This cannot be undone.", "C'est irréversible.")
        case .tickUpToAcceptedSubmissions: ("Tick up to {1} accepted submissions for the private board; with none ticked, your best public ones count. Each file name downloads the file as you sent it.", "Cochez jusqu'à {1} soumissions acceptées pour le classement privé ; sans choix, vos meilleures publiques comptent. Chaque nom de fichier télécharge le fichier tel que vous l'avez envoyé.")
        case .timeWord: ("time", "heure")
        case .trainingRowsWithTargetColumn: ("training rows, with the target column {1}", "lignes d'entraînement, avec la colonne cible {1}")
        case .until: ("until", "jusqu'au")
        case .validSubmissionToStartFrom: ("a valid submission to start from", "une soumission valide pour commencer")
        }
    }

    func text(_ language: Language) -> String { language == .fr ? pair.french : pair.english }
}

extension Language {
    /// `phrase` in this language, its `{1}`, `{2}`... replaced by `values` in order.
    func callAsFunction(_ phrase: Phrase, _ values: String...) -> String {
        var text = phrase.text(self)
        for (i, value) in values.enumerated() { text = text.replacingOccurrences(of: "{\(i + 1)}", with: value) }
        return text
    }

    /// "1 team", "2 teams": the count and the phrase for one or for many.
    func count(_ n: Int, _ one: Phrase, _ many: Phrase) -> String { "\(n) \(self(n == 1 ? one : many))" }
}
