import type { TaskName } from '@ntm/tasks';

/** What an episode's input and target rows hold, in words, for the captions of those panels. */
export interface ChannelCaptions {
  readonly inputs: string;
  readonly targets: string;
}

/**
 * What the input and target rows hold, per task, in the tasks' own channel layout (see
 * `@ntm/tasks`): the captions of the inputs and targets panels of {@link episodePanels}.
 *
 * @example channelCaptions('copy', 9, 8).inputs // 'Rows 1–8: the sequence; row 9: the delimiter.'
 */
export function channelCaptions(task: TaskName, inputSize: number, outputSize: number): ChannelCaptions {
  switch (task) {
    case 'copy':
      return {
        inputs: `Rows 1–${outputSize}: the sequence; row ${inputSize}: the delimiter.`,
        targets: 'What the model should output: the sequence again, after the delimiter.',
      };
    case 'repeat-copy':
      return {
        inputs: `Rows 1–${inputSize - 2}: the sequence; row ${inputSize - 1}: the delimiter; row ${inputSize}: the number of repeats (normalised), on the delimiter's step.`,
        targets: `The sequence as many times as asked, then the end marker on row ${outputSize}.`,
      };
    case 'associative-recall':
      return {
        inputs: `Rows 1–${inputSize - 2}: the items' vectors; row ${inputSize - 1} marks the start of each item, row ${inputSize} the query (one of the items).`,
        targets: 'The item that followed the queried one in the sequence.',
      };
    case 'dynamic-ngrams':
      return {
        inputs: 'Row 1: the bit sequence, drawn from a random N-gram table of its own.',
        targets: 'The next bit; the model should output its probability given the bits so far.',
      };
    case 'priority-sort':
      return {
        inputs: `Rows 1–${inputSize - 2}: the vectors; row ${inputSize - 1}: each vector's priority; row ${inputSize}: the delimiter, after which the sorted vectors are due.`,
        targets: 'The highest-priority vectors, highest first.',
      };
  }
}
