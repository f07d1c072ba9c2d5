def value = issue.customFields."Story Points"
def kind = value instanceof Number ? "number" : value instanceof String ? "string" : "other"
String asText = value
int asInt = "42" as Integer
replica.customFields = [kind: kind, text: asText, int: asInt + 1, list: "abc" as List, bool: "" as Boolean]
