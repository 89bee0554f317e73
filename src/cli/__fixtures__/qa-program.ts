// A program module as a user writes one for the CLI: the program and its metric.
import { answerExactMatch, Predict } from "../../index.js";

export const program = new Predict("question -> answer");
export const metric = answerExactMatch;
