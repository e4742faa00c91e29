import { describe, expect, it } from "vitest";
import { normalizeName } from "./normalize-name";

describe("normalizeName", () => {
  it.each([
    ["María González", ["maria", "gonzalez"], ["maria", "gonzalez"]],
    ["  ZOË   saldaña ", ["zoe", "saldana"], ["zoe", "saldana"]],
    ["Gonzalez, Maria", ["gonzalez", "maria"], ["maria", "gonzalez"]],
    ["O'Brien, Tom", ["obrien", "tom"], ["tom", "obrien"]],
    ["Tom O’Brien", ["tom", "obrien"], ["tom", "obrien"]],
    ["Jean-Luc Picard", ["jean", "luc", "picard"], ["jean", "luc", "picard"]],
    ["T. O'Brien", ["t", "obrien"], ["t", "obrien"]],
    ["Søren Ødegaard", ["soren", "odegaard"], ["soren", "odegaard"]],
    ["Łukasz Straße", ["lukasz", "strasse"], ["lukasz", "strasse"]],
    ["İlkay Yılmaz", ["ilkay", "yilmaz"], ["ilkay", "yilmaz"]],
    ["Sam Lee (contractor)", ["sam", "lee"], ["sam", "lee"]],
    ["John Smith Jr.", ["john", "smith"], ["john", "smith"]],
    ["Smith, John, Jr.", ["smith", "john"], ["john", "smith"]],
    ["a, b, c", ["a", "b", "c"], ["a", "b", "c"]],
    ["", [], []],
    [" , ", [], []],
  ])("%j", (raw, writtenTokens, givenNameFirstTokens) => {
    expect(normalizeName(raw)).toEqual({ writtenTokens, givenNameFirstTokens });
  });
});
