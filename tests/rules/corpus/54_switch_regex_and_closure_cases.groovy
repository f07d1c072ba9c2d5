def route(key) {
    switch (key) {
        case ~/SEC-\d+/: return "security"
        case { it.startsWith("OPS") }: return "operations"
        case "DEMO-1": return "demo"
        default: return "general"
    }
}
replica.labels = ["SEC-12", "OPS-3", "DEMO-1", "X-9"].collect { route(it) }
