String shorten(String text, int max) {
    if (text == null) return ""
    return text.size() > max ? text.take(max - 1) + "…" : text
}
def prefix(key) { "[" + key + "] " }

replica.summary = prefix(issue.key) + shorten(issue.summary, 12)
