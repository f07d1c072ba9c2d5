def checks = [
    emptyString: "" ? 1 : 0,
    zero: 0 ? 1 : 0,
    emptyList: [] ? 1 : 0,
    emptyMap: [:] ? 1 : 0,
    nullValue: null ? 1 : 0,
    text: "x" ? 1 : 0,
    list: [0] ? 1 : 0,
]
replica.customFields = checks
