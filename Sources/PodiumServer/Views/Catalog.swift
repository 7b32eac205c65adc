import Foundation

/// Every word the pages write, in English and in French, keyed by case. A view asks for a
/// phrase (`language(.leaderboard)`), never for a string: a phrase without its French is a
/// compile error (the switch below has one pair per case), and `FrenchPagesTests` fails on any
/// page that shows the English of a phrase. `{1}`, `{2}` stand for the values given with it.
enum Phrase: CaseIterable, Sendable {
    case acceptedPlural,
        noReportExpectedNote,
        noReportHandedInNote,
        reportLateNote,
        roleAuthor,
        authorsTeamNote,
        reportSection,
        reportDueAt,
        reportExpectedPages,
        reportNoneYet,
        handInReport,
        reportPDFField,
        lateBadge,
        onTimeBadge,
        handedInColumn,
        everyVersionKept,
        supervisorWord,
        teamsYouSupervise,
        noTeamToSupervise,
        marksLockedByInstructor,
        markOnScale,
        commentColumn,
        saveMarks,
        marksIn,
        markedByOn,
        reportsAndMarks,
        lockMarks,
        unlockMarks,
        marksLockedSince,
        addSupervisor,
        emailField,
        teamsField,
        supervisorTokenShownOnce,
        supervisorAlreadyKnown,
        supervisorsWord,
        noneWord,
        challengeGradeColumn,
        reportMarkColumn,
        terGradeColumn,
        publicBoardPosition,
        notRankedYet,
        acceptedStatus,
        acceptedTitle,
        agreementLine,
        allFilesAboveAndReadme,
        allSubmissionsByTeamAnd,
        allTeamsAndAnyoneWith,
        andMore,
        anyStatus,
        back,
        backToChallenge,
        backToChallenges,
        backToInstructorPage,
        baseline,
        beatsNext,
        bestPublic,
        bestPublicScoreOverTime,
        binomesSignInWithTeamToken,
        cancel,
        challengeReport,
        challengeReportWord,
        challengeWord,
        challenges,
        closedBadge,
        closedSince,
        closedState,
        commaSeparatedWithPointAs,
        courseGrades,
        courseGradesEveryChallenge,
        csvFileWithHeader,
        dailyCountsStartAgainAt,
        data,
        day,
        descriptionColumn,
        descriptionLabel,
        descriptionOptional,
        downloadStartingKit,
        eGGradientBoosting300,
        eachTeamSHistoryWill,
        enterTeamTokenToSubmit,
        entries,
        equalScoresShareRankTeam,
        error,
        errorAuthorsDoNotSubmit,
        errorBusy,
        errorClosedAt,
        errorMaxPerDay,
        errorMaxTotal,
        errorNextPhaseOpens,
        errorNoPhaseOpen,
        errorNotRevealed,
        errorRefusedPerDay,
        errorSelectionNotOfTeam,
        errorSelectionRefused,
        errorSelectionTooMany,
        errorUnknownChallenge,
        errorUnknownSubmission,
        errorUnknownTeam,
        everyProblemOfRefusedFile,
        everyStudentOfEveryChallenge,
        everyTeam,
        exportCSV,
        figure,
        fileMovesItOnlyWhen,
        fileWasRefusedItDoes,
        fileWord,
        files,
        filter,
        finalWord,
        firstLinesOfSampleSubmission,
        fullLeaderboardIntervalsAndChart,
        grade,
        gradeExpectedNote,
        gradeInterval,
        gradeIntervalNote,
        grades,
        gradesPolicy,
        header,
        hiddenFromParticipants,
        higherIsBetter,
        historyAndFinalSelection,
        iUnderstandParticipantsWillSee,
        inAll,
        instructor,
        instructorPreviewThisIsWhat,
        instructorTitle,
        instructorView,
        instructorWord,
        integrityReport,
        integrityWord,
        intervalColumn,
        ladderMoved,
        ladderNoMove,
        ladderSentenceMoved,
        ladderSentenceStill,
        lastSubmission,
        latestSubmissions,
        leaderStandsAlone,
        leaderboard,
        leftInAll,
        leftToday,
        lineNumber,
        lowerIsBetter,
        members,
        move,
        myTeam,
        myTeamHistoryAndSelection,
        name,
        newer,
        noChallenge,
        noChallengeIsPublishedYet,
        noDailyLimitOnAccepted,
        noDeadline,
        noSubmissionYet,
        noTeamIsRanked,
        noTeamYet,
        notOpenYet,
        notes,
        ofTeam,
        ofWord,
        older,
        onPublicBoardBestSo,
        onePairWorthALook,
        oneRowPerId,
        oneRowPerIdAnyOrder,
        openWord,
        opens,
        opensOn,
        overview,
        page,
        pages,
        pairsComparedNoneStandsOut,
        pairsWorthALook,
        perDay,
        phase,
        phaseOpen,
        predictionsCsvCsvGzOr,
        privateBoardColumn,
        privateBoardIsRevealedParticipants,
        privateBoardIsVisibleTo,
        privateBoardOpensByItself,
        privateBoardRevealed,
        privateBoardWhichDecidesFinal,
        privateLeaderboard,
        privateLeaderboardFinal,
        privateRows,
        privateWord,
        problemMany,
        problemOne,
        problems,
        publicLeaderboard,
        publicRank,
        publicRows,
        publicWord,
        rank,
        rankRange,
        refusedFilesDoNotCount,
        refusedPlural,
        refusedStatus,
        resolution,
        reveal,
        revealPrivateBoard,
        revealPrivateBoardEllipsis,
        revealPrivateBoardOf,
        revealedWord,
        rows,
        rowsToPredictNoTarget,
        sameReportAsFiles,
        saveFinalSelection,
        score,
        seeWhatParticipantsSee,
        select,
        signIn,
        signOut,
        size,
        statusColumn,
        statusLabel,
        student,
        submission,
        submissionFormat,
        submissionLeftToday,
        submissionMany,
        submissionOne,
        submissions,
        submissionsAreStillOpenTeams,
        submissionsLeftToday,
        submit,
        submitFile,
        submitPredictions,
        submittingAsTeam,
        teamLabel,
        teamToken,
        teamWord,
        teams,
        teamsTiedWithLeader,
        thisCannotBeUndone,
        tickTheBoxToConfirm,
        tickUpToAcceptedSubmissions,
        tiedWithTheLeader,
        tierColumn,
        tiersLegend,
        timeWord,
        token,
        tokenIsUnknown,
        tokenNotOfThisChallenge,
        trainingRowsWithTargetColumn,
        tryAgain,
        undefined,
        until,
        untilDate,
        validSubmissionToStartFrom,
        versionWord,
        noSubmissionNote,
        noMarkNote,
        errorPending,
        run,
        runQueued,
        codeRuns,
        runQueuedPosition,
        runRunningFor,
        runAcceptedAs,
        runRefusedAs,
        runFailedKind,
        logWord,
        runLogHeading,
        pageRefreshesWhilePending,
        noRunYet,
        seeRunAndLog,
        logEmptyYet,
        platformRetries,
        slurmJobOn

    /// The phrase in English and in French.
    var pair: (english: String, french: String) {
        switch self {
        case .acceptedPlural: ("accepted", "acceptées")
        case .acceptedStatus: ("accepted", "acceptée")
        case .acceptedTitle: ("Accepted", "Acceptée")
        case .agreementLine:
            (
                "Public/private agreement: Kendall's tau {1} over {2} teams; public minus private score: {3}",
                "Accord public/privé : tau de Kendall {1} sur {2} équipes ; score public moins privé : {3}"
            )
        case .allFilesAboveAndReadme: ("all the files above and the README, in one zip", "tous les fichiers ci-dessus et le README, en un zip")
        case .allSubmissionsByTeamAnd: ("All {1} submissions, by team and status", "Les {1} soumissions, par équipe et statut")
        case .allTeamsAndAnyoneWith:
            (
                "All {1} teams and anyone with the address will see the private board: {2} ranked teams with their private scores.",
                "Les {1} équipes, et quiconque a l'adresse, verront le classement privé : {2} équipes classées avec leurs scores privés."
            )
        case .andMore: ("… and {1} more", "… et {1} de plus")
        case .anyStatus: ("any status", "tous les statuts")
        case .back: ("Back", "Retour")
        case .backToChallenge: ("Back to the challenge", "Retour au challenge")
        case .backToChallenges: ("Back to the challenges", "Retour aux challenges")
        case .backToInstructorPage: ("Back to the instructor page", "Retour à la page enseignant")
        case .baseline: ("baseline", "référence")
        case .beatsNext: ("beats next", "bat la suivante")
        case .bestPublic: ("Best public", "Meilleur score public")
        case .bestPublicScoreOverTime: ("Best public score over time", "Meilleur score public au fil du temps")
        case .binomesSignInWithTeamToken:
            (
                "Binômes sign in with their team's token, instructors with the instructor token.",
                "Les binômes se connectent avec le jeton de leur équipe, les enseignants avec le jeton enseignant."
            )
        case .cancel: ("Cancel", "Annuler")
        case .challengeReport: ("Challenge report", "Rapport du challenge")
        case .challengeReportWord: ("challenge report", "rapport du challenge")
        case .challengeWord: ("challenge", "challenge")
        case .challenges: ("Challenges", "Challenges")
        case .closedBadge: ("Closed", "Fermé")
        case .closedSince: ("closed since", "fermé depuis le")
        case .closedState: ("closed", "fermé")
        case .commaSeparatedWithPointAs:
            (
                "comma-separated, with a point as the decimal mark; .csv, .csv.gz or a .zip holding one .csv.",
                "séparé par des virgules, avec un point décimal ; .csv, .csv.gz ou un .zip contenant un seul .csv."
            )
        case .courseGrades: ("Course grades", "Notes du cours")
        case .courseGradesEveryChallenge: ("Course grades: every challenge", "Notes du cours : tous les challenges")
        case .csvFileWithHeader: ("A CSV file with the header", "Un fichier CSV dont l'en-tête est")
        case .dailyCountsStartAgainAt: ("Daily counts start again at", "Les compteurs du jour repartent à")
        case .data: ("Data", "Données")
        case .day: ("a day", "par jour")
        case .descriptionColumn: ("description", "description")
        case .descriptionLabel: ("Description", "Description")
        case .descriptionOptional: ("Description (optional)", "Description (facultative)")
        case .downloadStartingKit: ("Download the starting kit", "Télécharger le kit de démarrage")
        case .eGGradientBoosting300: ("e.g. gradient boosting, 300 trees, no feature 7", "ex. gradient boosting, 300 arbres, sans la variable 7")
        case .eachTeamSHistoryWill: ("Each team's history will show its private scores.", "L'historique de chaque équipe montrera ses scores privés.")
        case .enterTeamTokenToSubmit: ("enter your team's token to submit", "saisissez le jeton de votre équipe pour soumettre")
        case .entries: ("entries", "soumissions")
        case .equalScoresShareRankTeam:
            (
                "Equal scores share a rank; the team that reached it first is listed first",
                "Des scores égaux partagent un rang ; l'équipe qui l'a atteint en premier est listée en premier"
            )
        case .error: ("Error", "Erreur")
        case .errorAuthorsDoNotSubmit:
            (
                "team {1} are the authors of {2}: they hand in their preparation report, they do not submit",
                "l'équipe {1} est l'autrice de {2} : elle remet son rapport de préparation, elle ne soumet pas"
            )
        case .errorBusy:
            (
                "{1} changed version while the file was scored, several times; submit it again",
                "{1} a changé de version plusieurs fois pendant la notation du fichier ; soumettez-le à nouveau"
            )
        case .errorClosedAt: ("the submissions of {1} closed at {2}", "les soumissions de {1} ont fermé le {2}")
        case .errorMaxPerDay:
            (
                "team {1} has used its {2} submissions of today (max_per_day); the count resets at {3}",
                "l'équipe {1} a utilisé ses {2} soumissions du jour (max_per_day) ; le compteur repart le {3}"
            )
        case .errorMaxTotal:
            (
                "team {1} has used all {2} submissions of phase {3} (max_total)",
                "l'équipe {1} a utilisé ses {2} soumissions de la phase {3} (max_total)"
            )
        case .errorNextPhaseOpens:
            ("no phase of {1} is open now; the next opens at {2}", "aucune phase de {1} n'est ouverte ; la prochaine ouvre le {2}")
        case .errorNoPhaseOpen: ("no phase of {1} is open now", "aucune phase de {1} n'est ouverte")
        case .errorNotRevealed: ("the private board of {1} is not revealed yet", "le classement privé de {1} n'est pas encore révélé")
        case .errorRefusedPerDay:
            (
                "team {1} has sent {2} refused files today; its submissions wait until {3}",
                "l'équipe {1} a envoyé {2} fichiers refusés aujourd'hui ; ses soumissions attendent jusqu'au {3}"
            )
        case .errorSelectionNotOfTeam: ("submission {1} is not one of team {2}'s", "la soumission {1} n'est pas de l'équipe {2}")
        case .errorSelectionRefused:
            ("submission {1} was refused and cannot be selected", "la soumission {1} a été refusée et ne peut pas être choisie")
        case .errorSelectionTooMany:
            (
                "team {1} may select at most {2} submissions (final_selection), not {3}",
                "l'équipe {1} peut choisir au plus {2} soumissions (final_selection), pas {3}"
            )
        case .errorUnknownChallenge: ("no challenge {1} in the store", "aucun challenge {1} dans le store")
        case .errorUnknownSubmission: ("no submission #{1} of yours in this challenge", "aucune soumission n°{1} de votre équipe dans ce challenge")
        case .errorUnknownTeam: ("no team {1} in challenge {2}", "aucune équipe {1} dans le challenge {2}")
        case .everyProblemOfRefusedFile:
            (
                "Every problem of a refused file is listed at once; a refused file does not count toward the daily limit.",
                "Tous les problèmes d'un fichier refusé sont listés d'un coup ; un fichier refusé ne compte pas dans la limite quotidienne."
            )
        case .everyStudentOfEveryChallenge:
            (
                "every student of every challenge, sorted by student id; merge other marks with podium grades --all --marks",
                "chaque étudiant de chaque challenge, par numéro d'étudiant ; fusionnez d'autres notes avec podium grades --all --marks"
            )
        case .everyTeam: ("every team", "toutes les équipes")
        case .exportCSV: ("Export CSV", "Exporter en CSV")
        case .figure: ("Figure {1}", "Figure {1}")
        case .fileMovesItOnlyWhen:
            (
                "A file moves it only when it beats your last by more than the public rows' noise; exact public scores are not shown.",
                "Un fichier ne le change que s'il bat le précédent de plus que le bruit des lignes publiques ; les scores publics exacts ne sont pas affichés."
            )
        case .fileWasRefusedItDoes:
            (
                "The file was refused; it does not count toward your limits. Every problem found:",
                "Le fichier a été refusé ; il ne compte pas dans vos limites. Tous les problèmes trouvés :"
            )
        case .fileWord: ("file", "fichier")
        case .files: ("Files", "Fichiers")
        case .filter: ("Filter", "Filtrer")
        case .finalWord: ("final", "finale")
        case .firstLinesOfSampleSubmission: ("The first lines of sample_submission.csv:", "Les premières lignes de sample_submission.csv :")
        case .fullLeaderboardIntervalsAndChart: ("Full leaderboard, intervals and chart", "Classement complet, intervalles et graphique")
        case .grade: ("grade", "note")
        case .gradeExpectedNote:
            ("; each grade is the mean of its grades over {1} resamples", "; chaque note est la moyenne de ses notes sur {1} rééchantillonnages")
        case .gradeInterval: ("grade interval", "intervalle de la note")
        case .gradeIntervalNote:
            (
                "; the grade interval holds the middle {1} of the grades over {2} bootstrap resamples of the private rows",
                "; l'intervalle de la note contient les {1} centraux des notes sur {2} rééchantillonnages bootstrap des lignes privées"
            )
        case .grades: ("Grades", "Notes")
        case .gradesPolicy: ("{1} policy on {2}, from the private board", "règle {1} sur {2}, d'après le classement privé")
        case .header: ("Header", "En-tête")
        case .hiddenFromParticipants: ("hidden from participants", "caché aux participants")
        case .higherIsBetter: ("higher is better", "plus haut = meilleur")
        case .historyAndFinalSelection: ("History and final selection", "Historique et sélection finale")
        case .iUnderstandParticipantsWillSee:
            (
                "I understand: participants will see the private board and its scores, for good.",
                "Je comprends : les participants verront le classement privé et ses scores, définitivement."
            )
        case .inAll: ("{1} in all", "{1} au total")
        case .instructor: ("instructor", "enseignant")
        case .instructorPreviewThisIsWhat:
            (
                "Instructor preview: this is what participants see (no private score before the reveal).",
                "Aperçu enseignant : ce que voient les participants (aucun score privé avant la révélation)."
            )
        case .instructorTitle: ("Instructor", "Enseignant")
        case .instructorView: ("instructor view", "vue enseignant")
        case .instructorWord: ("instructor", "enseignant")
        case .integrityReport: ("Integrity report", "Rapport d'intégrité")
        case .integrityWord: ("integrity", "intégrité")
        case .intervalColumn: ("{1} interval", "intervalle à {1}")
        case .ladderMoved: ("moved → {1}", "a bougé → {1}")
        case .ladderNoMove: ("no move ({1})", "inchangé ({1})")
        case .ladderSentenceMoved:
            (
                "it moved your public {1} to {2} (a Ladder board: a file moves it only when it beats your last by more than the public rows' noise, {3} here)",
                "il a fait passer votre {1} public à {2} (classement Ladder : un fichier ne le change que s'il bat le précédent de plus que le bruit des lignes publiques, {3} ici)"
            )
        case .ladderSentenceStill:
            (
                "it did not move your public {1} (still {2}): the change is within the public rows' noise ({3})",
                "il n'a pas changé votre {1} public (toujours {2}) : l'écart est dans le bruit des lignes publiques ({3})"
            )
        case .lastSubmission: ("last submission", "dernière soumission")
        case .latestSubmissions: ("Latest submissions", "Dernières soumissions")
        case .leaderStandsAlone: ("the leader stands alone in tier 1", "la tête est seule dans le groupe 1")
        case .leaderboard: ("Leaderboard", "Classement")
        case .leftInAll: ("left in all", "restantes au total")
        case .leftToday: ("left today", "restants aujourd'hui")
        case .lineNumber: ("line {1}:", "ligne {1} :")
        case .lowerIsBetter: ("lower is better", "plus bas = meilleur")
        case .members: ("members", "membres")
        case .move: ("move", "évolution")
        case .myTeam: ("My team", "Mon équipe")
        case .myTeamHistoryAndSelection: ("My team: history and selection", "Mon équipe : historique et sélection")
        case .name: ("name", "nom")
        case .newer: ("newer", "plus récentes")
        case .noChallenge: ("no challenge", "aucun challenge")
        case .noChallengeIsPublishedYet:
            ("No challenge is published yet (podium publish BUNDLE).", "Aucun challenge publié pour l'instant (podium publish BUNDLE).")
        case .noDailyLimitOnAccepted: ("No daily limit on accepted files", "Pas de limite quotidienne pour les fichiers acceptés")
        case .noDeadline: ("no deadline", "sans date limite")
        case .noSubmissionYet: ("No submission yet.", "Aucune soumission pour l'instant.")
        case .noTeamIsRanked: ("no team is ranked", "aucune équipe n'est classée")
        case .noTeamYet: ("No team yet.", "Aucune équipe pour l'instant.")
        case .notOpenYet: ("Not open yet", "Pas encore ouvert")
        case .notes: ("notes", "remarques")
        case .ofTeam: ("of team", "de l'équipe")
        case .ofWord: ("of", "sur")
        case .older: ("older", "plus anciennes")
        case .onPublicBoardBestSo: ("on the public board (best so far", "sur le classement public (meilleur jusqu'ici")
        case .onePairWorthALook:
            (
                "{1} pair is worth a look: a reason to read their files and talk to the teams, not a verdict.",
                "{1} paire mérite un examen : une raison de lire leurs fichiers et de parler aux équipes, pas un verdict."
            )
        case .oneRowPerId: ("one row per id of test.csv.", "une ligne par id de test.csv.")
        case .oneRowPerIdAnyOrder: ("one row per id of test.csv, in any order", "une ligne par id de test.csv, dans n'importe quel ordre")
        case .openWord: ("Open", "Ouvert")
        case .opens: ("opens", "ouvre le")
        case .opensOn: ("opens {1}", "ouvre le {1}")
        case .overview: ("Overview", "Présentation")
        case .page: ("page", "page")
        case .pages: ("pages", "pages")
        case .pairsComparedNoneStandsOut:
            ("{1} pairs of teams compared on {2} rows: none stands out.", "{1} paires d'équipes comparées sur {2} lignes : aucune ne se distingue.")
        case .pairsWorthALook:
            (
                "{1} pairs are worth a look: a reason to read their files and talk to the teams, not a verdict.",
                "{1} paires méritent un examen : une raison de lire leurs fichiers et de parler aux équipes, pas un verdict."
            )
        case .perDay: ("{1} a day", "{1} par jour")
        case .phase: ("phase", "phase")
        case .phaseOpen: ("phase {1} open", "phase {1} ouverte")
        case .predictionsCsvCsvGzOr: ("Predictions (.csv, .csv.gz or .zip)", "Prédictions (.csv, .csv.gz ou .zip)")
        case .privateBoardColumn: ("private board", "classement privé")
        case .privateBoardIsRevealedParticipants:
            ("The private board is revealed: participants see it.", "Le classement privé est révélé : les participants le voient.")
        case .privateBoardIsVisibleTo: ("The private board is visible to participants.", "Le classement privé est visible des participants.")
        case .privateBoardOpensByItself: ("The private board opens by itself at", "Le classement privé s'ouvrira de lui-même le")
        case .privateBoardRevealed: ("private board revealed", "classement privé révélé")
        case .privateBoardWhichDecidesFinal:
            (
                "The private board, which decides the final ranking, is shown once the instructor reveals it.",
                "Le classement privé, qui décide du classement final, est affiché quand l'enseignant le révèle."
            )
        case .privateLeaderboard: ("Private leaderboard", "Classement privé")
        case .privateLeaderboardFinal: ("Private leaderboard (final)", "Classement privé (final)")
        case .privateRows: ("private", "privées")
        case .privateWord: ("private", "privé")
        case .problemMany: ("problems", "problèmes")
        case .problemOne: ("problem", "problème")
        case .problems: ("problems", "problèmes")
        case .publicLeaderboard: ("Public leaderboard", "Classement public")
        case .publicRank: ("public rank", "rang public")
        case .publicRows: ("public", "publiques")
        case .publicWord: ("Public", "Score public")
        case .rank: ("rank", "rang")
        case .rankRange: ("rank range", "plage de rangs")
        case .refusedFilesDoNotCount: ("refused files do not count, up to", "les fichiers refusés ne comptent pas, jusqu'à")
        case .refusedPlural: ("refused", "refusées")
        case .refusedStatus: ("refused", "refusée")
        case .resolution: ("Resolution", "Résolution")
        case .reveal: ("reveal", "révélation")
        case .revealPrivateBoard: ("Reveal the private board", "Révéler le classement privé")
        case .revealPrivateBoardEllipsis: ("Reveal the private board…", "Révéler le classement privé…")
        case .revealPrivateBoardOf: ("Reveal the private board of", "Révéler le classement privé de")
        case .revealedWord: ("revealed", "révélé")
        case .rows: ("rows", "lignes")
        case .rowsToPredictNoTarget: ("the rows to predict (no target)", "les lignes à prédire (sans la cible)")
        case .sameReportAsFiles:
            ("The same report as files (report.md and its SVG figures):", "Le même rapport en fichiers (report.md et ses figures SVG) :")
        case .saveFinalSelection: ("Save the final selection", "Enregistrer la sélection finale")
        case .score: ("score", "score")
        case .seeWhatParticipantsSee: ("See what participants see", "Voir ce que voient les participants")
        case .select: ("select", "choisir")
        case .signIn: ("Sign in", "Se connecter")
        case .signOut: ("Sign out", "Se déconnecter")
        case .size: ("size", "taille")
        case .statusColumn: ("status", "statut")
        case .statusLabel: ("Status", "Statut")
        case .student: ("student", "étudiant")
        case .submission: ("Submission", "Soumission")
        case .submissionFormat: ("Submission format", "Format des soumissions")
        case .submissionLeftToday: ("submission left today", "soumission restante aujourd'hui")
        case .submissionMany: ("submissions", "soumissions")
        case .submissionOne: ("submission", "soumission")
        case .submissions: ("submissions", "soumissions")
        case .submissionsAreStillOpenTeams:
            (
                "Submissions are still open: teams could then tune their files on the private rows.",
                "Les soumissions sont encore ouvertes : les équipes pourraient alors ajuster leurs fichiers sur les lignes privées."
            )
        case .submissionsLeftToday: ("submissions left today", "soumissions restantes aujourd'hui")
        case .submit: ("Submit", "Soumettre")
        case .submitFile: ("Submit a file", "Soumettre un fichier")
        case .submitPredictions: ("Submit predictions", "Soumettre des prédictions")
        case .submittingAsTeam: ("Submitting as team", "Vous soumettez pour l'équipe")
        case .teamLabel: ("Team", "Équipe")
        case .teamToken: ("Team token", "Jeton de l'équipe")
        case .teamWord: ("team", "équipe")
        case .teams: ("teams", "équipes")
        case .teamsTiedWithLeader:
            ("{1} teams are statistically tied with the leader (tier 1)", "{1} équipes sont statistiquement à égalité avec la tête (groupe 1)")
        case .thisCannotBeUndone: ("This cannot be undone.", "C'est irréversible.")
        case .tickTheBoxToConfirm:
            (
                "tick the box to confirm: revealing the private board cannot be undone",
                "cochez la case pour confirmer : révéler le classement privé est irréversible"
            )
        case .tickUpToAcceptedSubmissions:
            (
                "Tick up to {1} accepted submissions for the private board; with none ticked, your best public ones count. Each file name downloads the file as you sent it.",
                "Cochez jusqu'à {1} soumissions acceptées pour le classement privé ; sans choix, vos meilleures publiques comptent. Chaque nom de fichier télécharge le fichier tel que vous l'avez envoyé."
            )
        case .tiedWithTheLeader: ("tied with the leader", "à égalité avec la tête")
        case .tierColumn: ("tier", "groupe")
        case .tiersLegend:
            (
                "Tiers: a new tier starts at the first team worse than the current tier's first team in at least {1} of {2} paired bootstrap resamples of the {3} rows (seed {4}); {5}. Beats next: the share of resamples in which a team beats the next one.",
                "Groupes : un nouveau groupe commence à la première équipe moins bonne que la première du groupe en cours dans au moins {1} des {2} rééchantillonnages bootstrap appariés des lignes {3} (graine {4}) ; {5}. Bat la suivante : la part des rééchantillonnages où une équipe bat la suivante."
            )
        case .timeWord: ("time", "heure")
        case .token: ("Token", "Jeton")
        case .tokenIsUnknown: ("This token is unknown.", "Ce jeton est inconnu.")
        case .tokenNotOfThisChallenge:
            ("this token does not belong to a team of this challenge", "ce jeton n'appartient à aucune équipe de ce challenge")
        case .trainingRowsWithTargetColumn: ("training rows, with the target column {1}", "lignes d'entraînement, avec la colonne cible {1}")
        case .tryAgain: ("Try again", "Réessayer")
        case .undefined: ("undefined", "indéfini")
        case .until: ("until", "jusqu'au")
        case .untilDate: ("until {1}", "jusqu'au {1}")
        case .validSubmissionToStartFrom: ("a valid submission to start from", "une soumission valide pour commencer")
        case .versionWord: ("version", "version")
        case .noSubmissionNote: ("no submission", "aucune soumission")
        case .noMarkNote: ("no {1} mark", "pas de note {1}")
        case .errorPending:
            (
                "team {1} already has {2} run(s) queued or running (code.max_pending), #{3}; send the next when it ends",
                "l'équipe {1} a déjà {2} exécution(s) en attente ou en cours (code.max_pending), n°{3} ; envoyez la suivante quand elle sera finie"
            )
        case .run: ("Run", "Exécution")
        case .runQueued:
            (
                "Your code is queued (position {1}); a worker runs it in the sandbox, and its predictions are scored like a file.",
                "Votre code est en file d'attente (position {1}) ; un worker l'exécute dans le bac à sable, et ses prédictions sont notées comme un fichier."
            )
        case .codeRuns: ("Code runs", "Exécutions du code")
        case .runQueuedPosition: ("queued, position {1}", "en attente, position {1}")
        case .runRunningFor: ("running for {1} s", "en cours depuis {1} s")
        case .runAcceptedAs: ("accepted in {1} s: submission #{2}", "acceptée en {1} s : soumission n°{2}")
        case .runRefusedAs:
            (
                "refused: its predictions are invalid (submission #{1}, problems in the history)",
                "refusée : ses prédictions ne sont pas valides (soumission n°{1}, problèmes dans l'historique)"
            )
        case .runFailedKind: ("failed ({1})", "échouée ({1})")
        case .logWord: ("run log", "journal")
        case .runLogHeading: ("Log: stdout and stderr (the first and last 256 KiB)", "Journal : stdout et stderr (les premiers et derniers 256 Kio)")
        case .pageRefreshesWhilePending:
            (
                "This page refreshes itself every 5 s while a run waits or runs.",
                "Cette page se recharge toutes les 5 s tant qu'une exécution attend ou tourne."
            )
        case .noRunYet:
            ("No run yet: send model.py, or a .zip holding it.", "Aucune exécution pour l'instant : envoyez model.py, ou un .zip qui le contient.")
        case .seeRunAndLog: ("The run and its log", "L'exécution et son journal")
        case .logEmptyYet: ("(nothing written yet)", "(rien d'écrit pour l'instant)")
        case .platformRetries:
            (
                "A fault of the platform never counts: the run is tried again, up to 3 times.",
                "Une panne de la plateforme ne compte jamais : l'exécution est relancée, jusqu'à 3 fois."
            )
        case .slurmJobOn: ("Slurm job {1} on {2}", "tâche Slurm {1} sur {2}")
        case .reportSection: ("TER report", "Rapport de TER")
        case .reportDueAt:
            (
                "Due {1}; a later hand-in is still accepted, marked late.",
                "À rendre avant le {1} ; un rendu plus tardif reste accepté, marqué en retard."
            )
        case .reportExpectedPages: ("Expected length: {1} to {2} pages.", "Longueur attendue : de {1} à {2} pages.")
        case .reportNoneYet: ("No report handed in yet.", "Aucun rapport rendu pour l'instant.")
        case .handInReport: ("Hand in the report", "Rendre le rapport")
        case .reportPDFField: ("The report (PDF)", "Le rapport (PDF)")
        case .lateBadge: ("late", "en retard")
        case .onTimeBadge: ("on time", "à l'heure")
        case .handedInColumn: ("handed in", "rendu le")
        case .everyVersionKept:
            (
                "Each hand-in is a new version; every version is kept, and the last one is marked.",
                "Chaque rendu est une nouvelle version ; toutes sont gardées, et la dernière est notée."
            )
        case .supervisorWord: ("Supervisor", "Encadrant·e")
        case .teamsYouSupervise: ("The teams you supervise", "Les équipes que vous encadrez")
        case .noTeamToSupervise: ("No team is assigned to you yet.", "Aucune équipe ne vous est encore confiée.")
        case .marksLockedByInstructor:
            (
                "The instructor has locked the marks: they can no longer change.",
                "L'enseignant a verrouillé les notes : elles ne peuvent plus changer."
            )
        case .markOnScale: ("mark (on {1})", "note (sur {1})")
        case .commentColumn: ("comment", "commentaire")
        case .saveMarks: ("Save the marks", "Enregistrer les notes")
        case .marksIn: ("marks in", "notes saisies")
        case .markedByOn: ("by {1}, {2}", "par {1}, le {2}")
        case .reportsAndMarks: ("Reports and marks", "Rapports et notes")
        case .lockMarks: ("Lock the marks", "Verrouiller les notes")
        case .unlockMarks: ("Unlock the marks", "Déverrouiller les notes")
        case .marksLockedSince: ("The marks are locked since {1}.", "Les notes sont verrouillées depuis le {1}.")
        case .addSupervisor: ("Add a supervisor", "Ajouter un encadrant")
        case .emailField: ("email", "courriel")
        case .teamsField: ("teams, separated by commas", "équipes, séparées par des virgules")
        case .supervisorTokenShownOnce:
            (
                "The token of {1}, shown this once (give it to them; it is stored only hashed):",
                "Le jeton de {1}, affiché une seule fois (transmettez-le ; il n'est gardé que haché) :"
            )
        case .supervisorAlreadyKnown:
            ("{1} already had a token; the teams are added to theirs.", "{1} avait déjà un jeton ; les équipes s'ajoutent aux siennes.")
        case .supervisorsWord: ("supervisors", "encadrants")
        case .noneWord: ("none", "aucun")
        case .challengeGradeColumn: ("challenge grade", "note du challenge")
        case .reportMarkColumn: ("report mark", "note du rapport")
        case .terGradeColumn: ("TER grade", "note de TER")
        case .publicBoardPosition: ("Public board: rank {1}, {2} {3} ({4}).", "Classement public : rang {1}, {2} {3} ({4}).")
        case .noReportExpectedNote:
            (
                "no report expected (grading.report in challenge.yaml): nothing to grade an author on",
                "aucun rapport attendu (grading.report dans challenge.yaml) : rien sur quoi noter un auteur"
            )
        case .roleAuthor: ("author", "auteur")
        case .authorsTeamNote:
            (
                "You are the authors of this challenge: your TER is its preparation. Hand in your preparation report below; you do not submit to your own challenge.",
                "Vous êtes les auteurs de ce challenge : votre TER est sa préparation. Remettez votre rapport de préparation ci-dessous ; vous ne soumettez pas à votre propre challenge."
            )
        case .noReportHandedInNote: ("no report handed in", "aucun rapport rendu")
        case .reportLateNote: ("report late", "rapport en retard")
        case .notRankedYet: ("Not on the board yet.", "Pas encore au classement.")
        }
    }

    func text(_ language: Language) -> String { language == .fr ? pair.french : pair.english }
}

extension Language {
    /// `phrase` in this language, its `{1}`, `{2}`... replaced by `values` in order.
    func callAsFunction(_ phrase: Phrase, _ values: String...) -> String { self.phrase(phrase, values) }

    func phrase(_ phrase: Phrase, _ values: [String]) -> String {
        var text = phrase.text(self)
        for (i, value) in values.enumerated() { text = text.replacingOccurrences(of: "{\(i + 1)}", with: value) }
        return text
    }

    /// "1 team", "2 teams": the count and the phrase for one or for many.
    func count(_ n: Int, _ one: Phrase, _ many: Phrase) -> String { "\(n) \(self(n == 1 ? one : many))" }
}
