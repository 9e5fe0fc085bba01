import type { Lesson, Question } from '../../content/types.js';

/** Test bodies for the content routes: one question of every type, in English and Swahili. */

const t = (en: string, sw: string) => ({ en, sw });

export const singleQuestion: Question = {
  id: 'q1',
  type: 'single',
  difficulty: 'easy',
  question: t('Where should a chama keep its money?', 'Chama kiweke pesa zake wapi?'),
  options: [
    { id: 'a', text: t('In a group bank account', 'Kwenye akaunti ya benki ya kikundi') },
    {
      id: 'b',
      text: t("In the treasurer's house", 'Nyumbani kwa mweka hazina'),
      explanation: t(
        'Cash at home can be lost or stolen.',
        'Pesa taslimu nyumbani zinaweza kupotea au kuibiwa.',
      ),
    },
  ],
  answer: 'a',
  explanation: t(
    'A group account needs two signatures to withdraw.',
    'Akaunti ya kikundi inahitaji sahihi mbili.',
  ),
};

export const multipleQuestion: Question = {
  id: 'q2',
  type: 'multiple',
  difficulty: 'medium',
  question: t(
    'Which rules protect a chama? Choose all that apply.',
    'Sheria zipi hulinda chama? Chagua zote.',
  ),
  options: [
    { id: 'a', text: t('Written minutes', 'Kumbukumbu zilizoandikwa') },
    { id: 'b', text: t('Two signatories', 'Watia sahihi wawili') },
    {
      id: 'c',
      text: t('No records', 'Bila kumbukumbu'),
      explanation: t('Records prevent disputes.', 'Kumbukumbu huzuia migogoro.'),
    },
  ],
  answers: ['a', 'b'],
  explanation: t(
    'Records and two signatures keep everyone honest.',
    'Kumbukumbu na sahihi mbili huweka uaminifu.',
  ),
};

export const trueFalseQuestion: Question = {
  id: 'q3',
  type: 'true-false',
  difficulty: 'easy',
  question: t('A chama should have written rules.', 'Chama kinapaswa kuwa na sheria zilizoandikwa.'),
  answer: true,
  explanation: t('Written rules settle disagreements.', 'Sheria zilizoandikwa hutatua mabishano.'),
};

export const textQuestion: Question = {
  id: 'q4',
  type: 'text',
  difficulty: 'medium',
  question: t('What is a savings group called in Kenya?', 'Kikundi cha akiba huitwaje Kenya?'),
  accepted: { en: ['chama'], sw: ['chama'] },
  explanation: t('A chama pools members’ savings.', 'Chama hukusanya akiba za wanachama.'),
};

export const numberQuestion: Question = {
  id: 'q5',
  type: 'number',
  difficulty: 'hard',
  question: t(
    '10 members save KSh 200 each. How many shillings in total?',
    'Wanachama 10 wanaweka KSh 200 kila mmoja. Jumla ni shilingi ngapi?',
  ),
  answer: 2000,
  tolerance: 0,
  explanation: t('10 × 200 = 2,000.', '10 × 200 = 2,000.'),
};

export const chamaLesson: Lesson = {
  slug: 'join-a-chama',
  title: t('Save together in a chama', 'Weka akiba pamoja kwenye chama'),
  estimatedMinutes: 3,
  media: {
    type: 'image',
    url: 'https://example.org/chama-meeting.jpg',
    caption: t('A chama meeting', 'Mkutano wa chama'),
  },
  body: t(
    '*Save together* 🤝\n\nA chama is a group that saves together. Choose members you trust and write your rules down.',
    '*Weka akiba pamoja* 🤝\n\nChama ni kikundi kinachoweka akiba pamoja. Chagua wanachama unaowaamini na mwandike sheria zenu.',
  ),
  quiz: [singleQuestion, trueFalseQuestion],
};
