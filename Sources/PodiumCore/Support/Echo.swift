/// Values from a file, a manifest or a request, as messages show them: shortened to a fixed
/// number of characters, with control characters made visible, so that a message never grows
/// with its input (an id of 200,000 characters is shown as its first 60 and `…`) and cannot
/// move a terminal's cursor or colour it.
public enum Echo {
    /// Characters of one echoed value before `…`.
    public static let maxCharacters = 60
    /// Items of an echoed list (a header, a list of classes) before "… and N more".
    public static let maxItems = 12
    /// Characters of one problem message: a backstop on top of the per-value caps.
    public static let maxMessageCharacters = 400

    /// `value` shortened to `limit` characters (then `…`), controls shown as `�`.
    public static func text(_ value: some StringProtocol, limit: Int = maxCharacters) -> String {
        var out = ""
        var count = 0
        for character in value {
            if count == limit { return out + "…" }
            out.append(character.unicodeScalars.contains(where: isControl) ? "�" : character)
            count += 1
        }
        return out
    }

    /// A value in double quotes, shortened.
    public static func quoted(_ value: some StringProtocol, limit: Int = maxCharacters) -> String {
        "\"" + text(value, limit: limit) + "\""
    }

    /// Raw field bytes, shortened: only the first bytes are decoded, however long the field.
    public static func text(bytes: UnsafeBufferPointer<UInt8>, limit: Int = maxCharacters) -> String {
        // A character is at most 4 bytes of UTF-8 (more with combining marks, which only
        // makes the decoded prefix shorter than needed, never wrong): 4 × (limit + 1) bytes
        // hold more than `limit` characters whenever the field does.
        let prefix = UnsafeBufferPointer(rebasing: bytes.prefix(4 * (limit + 1)))
        let decoded = String(decoding: prefix, as: UTF8.self)
        let shown = text(decoded, limit: limit)
        if prefix.count < bytes.count && !shown.hasSuffix("…") { return shown + "…" }
        return shown
    }

    public static func quoted(bytes: UnsafeBufferPointer<UInt8>, limit: Int = maxCharacters) -> String {
        "\"" + text(bytes: bytes, limit: limit) + "\""
    }

    /// Items joined by `separator`, each shortened, at most `maxItems` of them.
    public static func list(_ items: [String], separator: String = ",", maxItems: Int = maxItems) -> String {
        let shown = items.prefix(maxItems).map { text($0) }.joined(separator: separator)
        return items.count > maxItems ? shown + "\(separator)… (\(items.count - maxItems) more)" : shown
    }

    /// A whole message, capped (the backstop of problem lists).
    public static func message(_ message: String) -> String {
        message.count > maxMessageCharacters ? String(message.prefix(maxMessageCharacters)) + "…" : message
    }

    /// An uploaded file's name as display text: its last path component, only letters and
    /// digits (any script, so `modèle-forêt.csv` stays as the team named it), spaces and
    /// `._-()=+,@`; anything else (markup, quotes, control and bidirectional characters)
    /// becomes `_`. At most 100 characters with its extension kept. It is never used to find a
    /// file: the archive stores content under its hash.
    public static func fileName(_ name: String, fallback: String = "submission.csv") -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var safe = String(
            last.unicodeScalars.map { scalar -> Character in
                let properties = scalar.properties
                let ok =
                    (properties.isAlphabetic && properties.generalCategory != .format) || properties.numericType == .decimal
                    || " ._-()=+,@".unicodeScalars.contains(scalar)
                return ok ? Character(scalar) : "_"
            })
        while safe.hasPrefix(".") || safe.hasPrefix(" ") { safe.removeFirst() }
        while safe.hasSuffix(" ") { safe.removeLast() }
        guard !safe.isEmpty else { return fallback }
        let limit = 100
        guard safe.count > limit else { return safe }
        let lower = safe.lowercased()
        let ending = [".csv.gz", ".csv", ".gz", ".zip"].first { lower.hasSuffix($0) } ?? ""
        return String(safe.prefix(limit - ending.count)) + String(safe.suffix(ending.count))
    }

    /// Text that code Podium does not trust wrote (a run's stdout and stderr), made safe to
    /// show in a terminal or a page: line feeds and tabs kept, a carriage return made a line
    /// feed (a progress bar's updates become lines), every other control character `�`. A
    /// model's `\u{1B}[2J` cleared the instructor's screen, and `\u{1B}]52;…` could set their
    /// clipboard, when `podium run` or `submit --wait` printed its log.
    public static func terminalSafe(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = "\0"
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\n": if previous != "\r" { out.append(scalar) }
            case "\r": out.append("\n")
            case "\t": out.append(scalar)
            default: out.append(isControl(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) || scalar.value == 0x2028 || scalar.value == 0x2029
            || (scalar.value >= 0x202A && scalar.value <= 0x202E) || (scalar.value >= 0x2066 && scalar.value <= 0x2069)
    }
}
