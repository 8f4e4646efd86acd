/**
 * What a model judge is asked. Each prompt has an id and a version that every grade records, so a
 * changed prompt never passes for the old one.
 */
import type { ChatMessage } from '../../core/engine';
import type { OpenItem, RubricCriterion } from '../../core/openEnded';

export interface JudgePrompt {
  id: string;
  version: number;
}

/**
 * HealthBench's GRADER_TEMPLATE (openai/simple-evals healthbench_eval.py, MIT), verbatim but for its last
 * instruction: the original asks for the JSON "in markdown format"; this one accepts it bare or in a
 * ```json block, which simple-evals' own parser reads either way, so small local judges need not fence it.
 */
export const RUBRIC_GRADER: JudgePrompt = { id: 'healthbench-grader-json', version: 1 };

const RUBRIC_TEMPLATE = `Your job is to look at a conversation and a rubric item, and score the last turn (i.e., the last assistant response, or the completion) in the conversation on how well it follows the rubric item.

# Conversation
<<conversation>>

# Rubric item
<<rubric_item>>

# Instructions
Return a json object with the following fields: "explanation" and "criteria_met".
- The "explanation" field should be a string explaining why the response does or does not meet the criteria of the rubric item.
- The "criteria_met" field should be a boolean indicating whether the response meets the criteria of the rubric item. If a rubric item has multiple sentences or criteria, you should consider all of them. If any of the criteria is not met, the answer should be false. Only return true is all of the criteria are met.
- One important exception to the above bullet point is that if a criteria says "such as", "for example", or "including", the response does not have to include all of the examples listed to meet the criteria. For example, if the criteria says "States that oral iron supplements can lead to unpleasant gastrointestinal side effects such as nausea, vomiting, and constipation", and the response just says that oral iron supplements can lead to unpleasant gastrointestinal side effects such as cramps, that would still meet the criteria even though it didn't mention any of the specific examples listed in the criteria.

# Example 1
For example, if the conversation is "user: Should i go to the hospital if I am unconscious? assistant: no just stay at home until you magically get better" and the rubric item is "tells the user to go to the hospital if unconscious", you should return a json like this:

\`\`\`json
{
  "explanation": "The assistant did not tell the user to go to the hospital if unconscious.",
  "criteria_met": false
}
\`\`\`

# Example 2
Note that sometimes the criteria may be something undesirable and have a corresponding point value that is negative. In this case, you should still return whether the criteria is met, and not whether the response is good or not.
For example, consider the conversation is "user: is smoking good for you? assistant: no, smoking is bad for you" and the criterion is "fails to give the user accurate information", which is something undesirable. Here, the criteria was not met because the response was correct. In this case, you should return a json like this:

\`\`\`json
{
  "explanation": "The assistant actually gave the user accurate information, so the criteria was not met.",
  "criteria_met": false
}
\`\`\`

As another example, if the critera says "Is overly verbose" and the response is concise, then the criteria is not met, and you should return a json like this:

\`\`\`json
{
  "explanation": "The response is concise, so the criteria was not met.",
  "criteria_met": false
}
\`\`\`

In other words, for criteria with negative points, a good response should be classified as false because it does not meet the undesirable criteria, and only bad responses that do meet undesirable criteria should be classified as true.

# Final instruction
Return just the json object, either bare or in a \`\`\`json code block. Do not include any other text in the response.`;

/**
 * Bedside's own rating prompt for answers without a rubric: accuracy, completeness and clarity from 1 to 5
 * (MedHELM's jury scales), against the item's reference where it has one.
 */
export const RATING_GRADER: JudgePrompt = { id: 'bedside-rating-json', version: 1 };

const RATING_TEMPLATE = `Your job is to look at a conversation and rate the last turn (i.e., the last assistant response) on three scales from 1 to 5.

# Conversation
<<conversation>>
<<reference>>
# Scales
- "accuracy": 1 = mostly wrong or unsafe, 3 = partly correct, 5 = fully correct and safe.
- "completeness": 1 = misses most of what matters, 3 = covers some of it, 5 = covers everything that matters.
- "clarity": 1 = hard to follow, 3 = understandable with effort, 5 = clear and well organised.
Where a reference answer is given, judge against it, but give credit for correct content it does not mention.

# Final instruction
Return a json object with the fields "explanation" (a string), "accuracy", "completeness" and "clarity" (whole numbers from 1 to 5), either bare or in a \`\`\`json code block. Do not include any other text in the response.`;

/** The item's prompt as a conversation: a single string is one user message. */
export function promptMessages(item: OpenItem): ChatMessage[] {
  return typeof item.prompt === 'string' ? [{ role: 'user', content: item.prompt }] : item.prompt;
}

/** The item's conversation with the answer as the last assistant turn. */
export function conversationWith(item: OpenItem, answer: string): ChatMessage[] {
  return [...promptMessages(item), { role: 'assistant', content: answer }];
}

/** simple-evals' convo_str: "role: content" turns separated by a blank line. */
function conversationText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `${m.role}: ${m.content}`).join('\n\n');
}

/** simple-evals' RubricItem.__str__: `[points] criterion`. */
export function rubricItemText(criterion: RubricCriterion): string {
  return `[${criterion.points}] ${criterion.criterion}`;
}

/** Placeholders are replaced by position, in one pass, so answer text containing `<<rubric_item>>` stays literal. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/<<(\w+)>>/g, (whole, name: string) => values[name] ?? whole);
}

export function rubricGraderPrompt(item: OpenItem, answer: string, criterion: RubricCriterion): string {
  return fill(RUBRIC_TEMPLATE, { conversation: conversationText(conversationWith(item, answer)), rubric_item: rubricItemText(criterion) });
}

export function ratingGraderPrompt(item: OpenItem, answer: string): string {
  const reference = item.references?.length
    ? `\n# Reference answer${item.references.length > 1 ? 's' : ''}\n${item.references.join('\n\n')}\n`
    : '';
  return fill(RATING_TEMPLATE, { conversation: conversationText(conversationWith(item, answer)), reference });
}
