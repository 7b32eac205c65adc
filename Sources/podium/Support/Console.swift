import Foundation

/// Standard error, for problems and progress.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// One updating status line on standard error, only when it is a terminal; nil clears it.
    static func progress(_ text: String?) {
        guard isatty(STDERR_FILENO) == 1 else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + (text.map { "… \($0)" } ?? "")).utf8))
    }
}

extension URL {
    init(fileArgument path: String) {
        self = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
    }
}
