println "incoming for ${replica.key}"
if (!replica.summary) {
    log.info("skipping: no summary")
    return
}
issue.summary = replica.summary
