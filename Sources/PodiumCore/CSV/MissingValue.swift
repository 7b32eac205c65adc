/// The cells a data file leaves empty: blank, or one of the markers pandas reads as missing by
/// default (`NA` from R, `NaN`, `null`, `#N/A` from spreadsheets...). An author's raw file is
/// read with the same eyes as the participants' notebooks will read it.
public enum MissingValue {
    /// pandas' default `na_values` (pandas.read_csv), which R's `NA` and Excel's `#N/A` are part of.
    public static let markers: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN",
        "None", "n/a", "nan", "null",
    ]

    /// Whether a cell (spaces and tabs around it ignored) is missing.
    public static func isMissing(_ cell: String) -> Bool {
        cell.utf8.count <= 9 && markers.contains(AuditData.trimmed(cell))
    }
}
