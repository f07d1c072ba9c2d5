def points
try {
    points = replica.customFields."Story Points" as Integer
} catch (Exception e) {
    points = 0
    log.warn("Could not read story points: " + e.message)
}
issue.customFields."Story Points" = points
