"""Hostile input for the date kinds of the sixth to sixty-ninth rounds.

Each new kind repeated to the length cap stays bounded by the per-pattern caps,
and any mix of their pieces, in any order, resolves without raising (a value
such as "T24:00" once did). Time is measured in docs/dates.md, not here.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.enrich.dates import MAX_CHARS, MAX_MATCHES_PER_PATTERN, extract_dates

PIECES = [
    "in the fourth quarter from a year earlier, the previous quarter ",
    "the Housing Act 1985 ",
    "the 2013 financial year ",
    "in the early hours ",
    "its fiscal second quarter, reports fiscal third-quarter results ",
    "that was due to finish in November ",
    "The next change, on 20 May, is due to ",
    "will have the bridge opened by Christmas ",
    "in the standings published on Monday ",
    "the first three months of the year ",
    "had originally hoped to open the pool in the spring ",
    "since the spring except ",
    "Next year's race, on Oct. 25, at 8 a.m. ",
    "Fog on Saturday, but it lifted overnight ",
    "split five to four ",
    "releases minutes after ",
    '"A Thursday in March" ',
    "before year-end ",
    "a year-end bonus ",
    "Feb. 12 ",
    "at 6 a.m. Thursday ",
    "at 10.30pm ",
    "midnight ",
    "an hour later ",
    "20 minutes later ",
    "That year ",
    "that evening ",
    "the following afternoon ",
    "the following decade ",
    "from March to June 2012 ",
    "payable Nov. 16 ",
    "next week's Christmas ",
    "ended the week ",
    "the same period of 2000 ",
    "overnight ",
    "will now ",
    "Friday would ",
    "the driest summer since 1976 ",
    "in Q3 ",
    "Boxing Day ",
    "the second half ",
    "Minister to announce ",
    "another month ",
    "each fall ",
    "for May delivery ",
    "the February inflation figures ",
    "figures for January ",
    "ahead of the summer ",
    "ordered them to return by 6 a.m. Monday ",
    "rose to record levels by ",
    "the first half of 2014 and the second half ",
    "Relatives plan ",
    "turning a day surgery unit ",
    "the 2015-16 financial year ",
    "financial year 2023-24 ",
    "working weekends ",
    "has promised a review in the spring ",
    "by mid-morning ",
    "in mid-afternoon on Tuesday ",
    "the evening of Monday ",
    "through the night ",
    "released this afternoon, six legs that day ",
    "that day has come ",
    "the fourth quarter from the previous quarter ",
    "by a quarter point ",
    "stayed blocked until Friday ",
    "on May 20 and 21 ",
    "called a snap election for January 30 ",
    "in the June quarter ",
    "the fiscal fourth quarter, the year-ago quarter, the current quarter ",
    "first-quarter results ",
    "the second half of fiscal 2013 ",
    "before the new year ",
    "in the fall ",
    "injured in the fall ",
    "Today the bridge is used ",
    "could not be changed overnight ",
    "the 24-hour clock ",
    "next year's race will be on Nov. 3 ",
    "was originally planned for October ",
    "Saturday's programme ",
    "By 4am on Sunday ",
    "will arrive on Monday and hold talks on Tuesday ",
    "in June 2008. The following month ",
    "by 112 votes to 97 in the vote Tuesday ",
    "six nights a week ",
    "in the early hours of Sunday ",
    "year-to-date ",
    "cuts that take effect on Friday ",
    "named by mid-March and enthroned before Easter ",
    "on Ash Wednesday ",
    "By nightfall ",
    "at dawn ",
    "at 8 p.m. (1900 GMT) on Feb. 28 ",
    "at 11:50 p.m. ",
    "at 1:30 a.m. ",
    "the March 8-9 election ",
    "June 3-5, 2014 ",
    "the asteroid 2012 DA14 ",
    "held out until Saturday morning ",
    "the day before to burn ",
    "at 10 a.m. PST Monday ",
    "warm weather until mid-December left ",
    "starting at 4 p.m. Sunday, before breaking off at 6 a.m. ",
    "from the prior month ",
    "gifts for Father's Day ",
    "the following spring ",
    "winter coats ",
    "on 9 April 2012 ... Later that day ",
    "the previous October ",
    "'A year ago ",
    "in the October-December quarter, down from 1 per cent in the third quarter ",
    "on 23 January in 2012 ",
    "since 1995, when ",
    "on Wednesday and Thursday ",
    "no later than March 31 ",
    ", built in Japan in 1984, passed in November ",
    "a hearing set for December was postponed ",
    "its August figures ",
    "the Fourth of July ",
    "the most likely cause of the July 17 crash ",
    "the Sept. 11 attacks ",
    "the summer and the fall ",
    "By late afternoon ",
    "planned for the next decade ",
    "the previous evening. At about 3 a.m. ",
    "A year ago today ",
    "at half past six ",
    "four minutes to five ",
    "from eleven last night until three this morning ",
    "the five p.m. advisory ",
    "in nineteen ninety-one, two thousand and three ",
    "on Monday the fifth ",
    "the first of September, two thousand and four ",
    "on the twenty-first ",
    "a short while ago ",
    "a week on Thursday ",
    "the same week ",
    "from the previous quarter and from a year earlier ",
    "since the third quarter of 2010 ",
    "that December ",
    ", he said, with ",
    "on Feb. 18, followed by the primary in May ",
    "over the next fortnight ",
    "March was ",
    'since Saturday," she said. At 6 a.m. ',
    "NAIROBI, 14 November - on 03/09/2013 ",
    "the regulator said on October 4 ",
    "in January last year ",
    "For the year, revenue was ",
    "holders of record on April 11 ",
    "in its autumn outlook ",
    "are forecast from late afternoon ",
    "about 120,000 years ago ",
    "1,234,567 days ",
    "A century later ",
    "and that August ",
    "spread that summer ",
    "for millennia ",
    "On January 6 the council said ",
    "The year began ",
    "Rain should start early Tuesday. It eases by midafternoon Wednesday ",
    "from 8 a.m. Monday until noon Tuesday. It crests Monday evening; between 5 p.m. and 10 p.m. ",
    "from 9 a.m. to 1 p.m. Saturday ",
    "the 2015-16 school year ",
    "touchdown passes in the third quarter ",
    "Highs in the 40s ",
    "They'll be back Tuesday ",
    "passed a key procedural vote in the House Thursday ",
    "on November hiring next Friday ",
    "their August recess ",
    "a big change from the fall ",
    "meet on Feb. 20. At 3 p.m. the index was ",
    "to 6 percent from 8.2 percent in January ",
    "cut by a quarter ",
    # round 31
    "printed in the Sunday Herald ",
    "started on March 4 will go on ",
    "in the six months to Aug. 31. At 4 p.m. ",
    "had first been scheduled for March ",
    # round 32
    "by late evening, in a bulletin issued at 5 a.m. ",
    "from 8 p.m. until 5 a.m. on Sunday ",
    "Minutes of the October meeting ",
    "every November 11 ",
    "a winter storm ",
    # round 33
    "the countdown with seven minutes to go ",
    "last week, down from 78.9 in the previous week, against 530 the week before ",
    "on Saturday, who missed the previous weekend's match ",
    "It still ended the week ",
    "Last year's season was mild and did not peak until mid-March ",
    "the following Monday ",
    "shot him on the night of Dec. 14 ",
    "declared three days of mourning starting Friday ",
    "fell short of forecasts in March ",
    "made between March 1 and June 30, 2011 on July 24 ",
    "built from Aug. 15, 2010, through ",
    "for December through February ",
    "This summer. Last summer ",
    "too late to stop a walkout this weekend ",
    "talks ran through the night ",
    "and counting will go on overnight ",
    "booked to fly on Saturday ",
    "a reversal from January, when it led ",
    "after 6:02:18 in the saddle ",
    "won in 2:24:05, a minute and 12 seconds ",
    "would take months of rain ",
    "little changed from a day earlier ",
    "hoping for stronger trade before Easter ",
    "meets eight times a year ",
    "had a cut pencilled in for the second quarter ",
    "was not completed until Wednesday afternoon ",
    "three and a half hours ",
    "within seconds ",
    "the last three months of 2012 and barely grew in the first quarter ",
    "for the July-September quarter ",
    "in 2014, cutting it since March ",
    "at 22.10 GMT on Saturday ",
    "in 4hr 52min 17sec ",
    "2min 10sec clear ",
    "finished fourth at 1:12 ",
    "lost 4:35 ",
    "1:50 behind the winner ",
    "in the week to 10 January ",
    "a weeklong recess ",
    "aged between six months and five years ",
    "last week, close to the level of a year earlier ",
    "in September last year ",
    "on 10 February this year ",
    "close on the Sunday night. ",
    "on the Monday and ",
    "this summer's event ",
    "runs from June 1 to Nov. 30 ",
    # round 41
    '"We leave tomorrow," the coach told reporters late Sunday. ',
    'said after stumps on Sunday: "We will declare tomorrow." ',
    '"Tonight we won," he said last night. ',
    "“Tomorrow morning,” she told a briefing on Friday. ",
    '"',
    "for the rest of the week ",
    "since at least March ",
    "begins this fall ",
    "at 10.30am each day ",
    "every day at 9 a.m. ",
    "the week beginning 4 November ",
    "by mid-decade ",
    # round 42
    "the fiscal fourth quarter, which ended Jan. 31, ",
    "the first half of the new fiscal year ",
    "on Saturday nights ",
    "years ago ",
    "several months ago ",
    "in 54:07 ",
    # round 43
    "every fortnight ",
    'The minister said on Sunday that boxes had left. "They arrive tomorrow," she said. ',
    "needs a shot before winter ",
    "first-half profit for the six months to 31 December, ",
    "the prior corresponding period, the previous half, ",
    # round 44
    "until St Patrick's Day ",
    "on St. George's Day and Anzac Day ",
    "St Patrick Street ",
    # round 45
    "was on track to reach the coast late Friday ",
    "believed to have broken in on Sunday night ",
    '"We were open until 5pm on Sunday. Today we are relieved," she said. ',
    '"Five years ago it was a shop. Today it is a bank," he said. ',
    # round 46
    "Saturday 16 July belongs to the bands, ",
    "Starting March 1, seats booked for travel on weekends will cost more. ",
    "organisers announced on Tuesday, naming acts for the event in July. ",
    "grew in the July-September period; the first quarter; the third quarter ",
    "before the Nov. 6 election ",
    "spread over two years, in over six years ",
    "its most recent inspection ",
    # round 47
    "use-by dates from Sept. 28 through Oct. 24, ",
    'Speaking at the airport on Friday, the chief said: "Tomorrow we fly." ',
    "would not be paid for August. ",
    "Game 9 begins at 2 p.m. Tuesday. ",
    "won the heat in 19:36, half an hour later than planned, ",
    "lost by a second last year ",
    "results for the second quarter, ",
    "problems into the afternoon ",
    # round 48
    '"Tonight we dance," the captain said after the match. "Tomorrow we sleep." ',
    "at about 11:40 p.m. Monday, then at 2:10 a.m. MST ",
    "did not notice the men were gone until a roll call at 6 a.m. Tuesday ",
    "had been due to end in August ",
    "In April the builder said it would open in June, ",
    "every half hour over the past day ",
    "between AD 240 and 410 AD ",
    "in the 1890s and a decade later ",
    "in its first 24 hours ",
    "SYDNEY - a paperback in the spring ",
    # round 49
    "had run from 11 September to Sunday ",
    'said the crew had slept since Friday. "Tonight we sleep," she said. ',
    "departures due to leave early Wednesday were cancelled ",
    "just over three hours, just under a day ",
    # round 50
    "began shortly before midnight on Thursday. The first result came at 2.50am ",
    "passed early Friday after a debate on Thursday afternoon. The vote came at 1:50 a.m. ",
    "halted late Monday, and trains due early Tuesday were cancelled. Crews worked overnight ",
    "in bright sun on Sunday, which had dried the pitch overnight ",
    "left at 8.20am. Some could not leave until the following morning ",
    "agreed terms on Monday evening, and he flew in at 9.15am ",
    "between 11 p.m. and 3 a.m. As of noon, by dawn, problems into the afternoon ",
    'won the title on Sunday. "We celebrate tonight," said Brennan. ',
    "at ten o'clock last night, declared at twenty to five, in the small hours ",
    "a vote Monday, not known until early Tuesday. Polls closed at 8 p.m. ",
    # round 52
    "spent Sunday night in halls, officials said on Monday. Staff woke at 9.50pm ",
    "Last year the rains came on May 29. Clocks spring forward Sunday. ",
    # round 53
    "arrived shortly before midnight and dug. By 2am the cruises due to leave ",
    # round 54
    "closed two weeks ago, a fortnight ago, three weeks from now, another cut in May ",
    "was currently listed for the autumn, home for Orthodox Easter or Orthodox Christmas ",
    "the first half of its business year, fiscal 1999, the same period a year earlier ",
    "the fiscal year that begins Oct. 1, whose fiscal year ends, the third quarter of the ",
    "by year's end, the quarter ended in June, ",
    "in 1984 it collapsed later in the decade ",
    # round 55
    "in the first quarter, twice as many as a year ago, as soon as ",
    "spoiled by years of falling yields, in the fiscal fourth quarter, the second half ",
    "around King's Day, the King's speech, Kings Day ",
    "in June, the agency said on Wednesday. Prices rose from the previous month. ",
    # round 56
    "down from 1.52 million in September and 1.66 million a year earlier, ",
    "will report October's new-home sales, missed March's tournament at 12 months of age ",
    # round 57
    "said demand had now peaked, will now ship, has now closed ",
    # round 58
    "the 1988-89 financial year, up from the previous year, fiscal 2014-15 ",
    "narrows in March quarter, the June quarter of 1988, a June quarter-point ",
    "its fiscal fourth quarter. It earned 4 billion in the three months to March 31 ",
    "rose ahead of its interim results on March 12 ",
    "on April 6, two days after Easter, the following week ",
    "Nigeria's Independence Day, Nigerians, Independence Day ",
    "before the Lunar New Year holiday, Chinese New Year's Eve ",
    "every year, mostly between June and September ",
    "declared Tuesday a day of national mourning ",
    "A year ago they paid cash; today most borrow ",
    "the index could test 12,000 in the first half ",
    "after a slow January and closures around Lunar New Year ",
    # round 59
    "on Feb. 14 this year but on Jan. 26 last year, over the whole of that year ",
    "before Rosh Hashanah, the Jewish New Year, Yom Kippur, Passover and Hanukkah ",
    "because prices in October were the lowest. The strike began on Sept. 3 and has ",
    "that evening ",
    # round 60
    "in the first half of its next fiscal year, from 80 million a year earlier ",
    "whose fiscal year ends on April 30, had hoped for rises from New Year's Day ",
    "another year of drought, a deficit for the month. ",
    # round 61
    "will publish its first-half figures, lost 520 million euros in the first half ",
    "an 1890 agreement, Mother's Day on May 10, Mother's Day, a deal before Christmas ",
    "called both sides to a meeting on Monday ",
    # round 62
    "in the financial year that ended on June 30, the first half of the financial year ",
    "said they would wait, perhaps in early July; asked for a report by May 15 ",
    "is due to present its budget, which starts on July 1, on Friday; Victoria Day ",
    # round 63 and the shared tense step
    "profit would drop before new contracts begin to pay off in the second half ",
    "helped by a warm May and an early March, a hearing was set for Easter ",
    "asked for a report by Christmas ",
    "rose to 8.9 percent in March. 17,200 were on the register at the end of the month ",
    # round 64
    "in the January-June period, from 80 million a year earlier; Assumption Day, Whit Monday ",
    "a campaign on December 16 and January 16, up from 24 hours in January ",
    "offered on Friday to pay the arrears in June; has called a strike from Thursday ",
    # round 65
    "will be held on May 10, 1998, and the winner will take office on Aug. 15 ",
    "and it chooses in September; in the same quarter last year and the previous quarter ",
    "had planned to start production in September ",
    # round 66
    "a curfew from 9 p.m. Wednesday to 6 a.m. Thursday; to 7 Friday ",
    "could save 5 million a year by 2009 and would add to earnings from the second half ",
    # round 67
    "Papua New Guinea's Independence Day, Botswana Day, the Niger Delta, Niger ",
    "a warning at 10 p.m. on Thursday. All warnings were lifted at 11 a.m. ",
    "asked donors for 2.6 million dollars to pay for a round in November; its closing price on Wednesday ",
    # round 68
    "before Eid, Eid al-Fitr, Eid ul-Adha, Mohamed Eid ",
    "lost 9.6 million in fiscal 2000, which ended in October, a year earlier ",
    # round 69
    "earned 6.3 million dinars in 1994, and its profit in the first quarter rose ",
    "had asked for money to raise them as recently as August ",
    # round 70
    "before the May Day bank holiday; were hiring drivers for a busy December ",
    "idle for 2 1/2 years and 3½ weeks, due 4/1/1990, 1/2 1/2 1/2 ",
    # round 71
    "Sales, which reached 41,500 in 2006, fell in March; the firm, nationalised in 1978, said ",
    "pledged in October to repair it by the end of December; ploughing for next year's harvest ",
    "bookings for the third quarter; overtime for the extra weeks ",
    "China's National Day, DUBAI National Day, Doha National Day, National Day ",
    # round 72
    "lost 4 million in the fourth quarter, before Christmas. In the year-earlier period ",
    "the maker of Friday Fred puppets and Midnight Express trains, of Saturday Sam ",
    "had pledged to reopen it on Labor Day, Sept. 4, but floods in July and steel delayed it ",
    "have booked 40 flights between December and March, including eight over New Year's Day; "
    "by midyear ",
    # round 73
    "with sealed tenders due between Dec. 3 and Dec. 7; bookings for Christmas and New Year's Eve ",
    "THIMPHU National Day. Winter Harbour Capital, a fund. The vines had taken years to recover. ",
    # round 74
    "against 9 hours in the first quarter and 4 hours a year earlier; since 2009, after a ferry "
    "sank the year before ",
    # round 75
    "Exports from January to March rose; at the end of September 2015, in early June 2018 ",
    "had cut their orders for Christmas; East Timor, Timor-Leste, Independence Day ",
    "the rains came weeks late, hours behind; "
    "exports rose in the first half, customs figures showed ",
    # round 76
    "set in May of last year; in the spring of next year; the fall of last year's team ",
    "earned 4 million in the six months to June 30, against 3 million a year earlier; "
    "went weeks without ",
    "The union, which threatened to strike in January, said; ",
    "the fiscal fourth quarter, which ended Jan. 30; fiscal 2009 ",
    # round 77
    "auctions are held every fortnight until May; the bus heads home Sunday; sails for Tobago ",
    "set the defendant's sentencing for June 3; ordered schools and markets closed Thursday ",
    "every alternate day; CHENNAI Republic Day; Ankara, Rome, Republic Day ",
    "its fiscal second quarter. ",
    "Net for the quarter ended Dec. 31, the year-earlier period ",
    # round 78
    "The office, which forecast a crop in December, will issue; the contract for March delivery, a year ago ",
    "Castries, St. Lucia, Grenada, Antigua, St. Kitts, St. Vincent Independence Day; face weeks of delays ",
    # round 79
    "earned 80 million in fiscal 1994, which ended March 31, and its fiscal second-quarter profit ",
    "Pacific Timber Cuts 2019 Harvest Target Now ",
    "spring training; Vernal Equinox Day; Autumnal Equinox Day 9999; ",
    # round 80
    "called both unions to talks in Lusaka on Thursday; for shipment between January and April ",
    "from November to February; later than they forecast on Tuesday; ",
    "Jamhuri Day; citing months of drought ",
    "net income rose in the first quarter. Its fiscal first half, the six months ended Feb. 28 ",
    # round 81
    "the Saturday before Christmas; The Monday after Thanksgiving; the Friday before Nov. 5 ",
    "fiscal 1991, which ends Jan. 31; the fiscal fourth quarter; ",
    "HALIFAX, Nova Scotia Thanksgiving ",
    "said yesterday that December sales; a night run; winter timetable; ",
    "in November 2026 and is to be sworn in after Remembrance Day ",
    # round 82
    "the fiscal first half, the six months ended Dec. 31, against 3 million a year earlier; ",
    "In fiscal 1990, which ended June 30, it earned 9 million. ",
    "at 8:15 tonight; twice a day. Visitors pay; bookings for the December quarter were ",
    "HONIARA, Solomon Islands, Lome, Oslo, Norway's Constitution Day; Independence Day ",
    # round 83
    "bills over months of treatment; during weeks of rain; TOKYO Health and Sports Day ",
    # round 84
    "In the second quarter, from April through June, sales were flat; her second century this season, unbeaten ",
    "the governor of the day, Lord Ranfurly; after Waitangi Day; a 16th-century chapel ",
    # round 85
    "The brewer, which has raised its dividend since it listed its shares in 1972, declared a payout, payable Nov. 15; ",
    "NOUAKCHOTT, Mauritania Independence Day ",
    # round 86
    "before the fall, when; at about 3:15 this afternoon; 9:40 last night; 2:15 and ",
    "against $2.55 a week earlier and $2.10 in the same week last year; before Tet; Tet Offensive ",
    "The coach, who took over in 2015 with the side in last place, said; "
    "from May 15, Paraguay's Independence Day, to August ",
    # round 87
    "held it until 2 p.m. At 1:50 came a second hold, to 4:15; at 9 o'clock tomorrow, at 9:45 ",
    "puts the regatta back to Sunday; the party daily Pravda; the year-earlier period; ",
    "CONAKRY, Guinea, Flag Day, Picnic Day, Guinea-Bissau Independence Day ",
    # round 88
    "the fiscal second quarter, which ends May 31; shaken by October's crash; Christmas cards ",
    '"Next year depends on it." He said in April; runs from late October to mid-December. Sales ',
    "the year 2000; a week from today; from August first; promised results by March 13; ",
    "in ninety-three. Meritxell Day, Emancipation Day, Mary Prince Day, Liberation Day, Melon Day ",
    # round 89
    "the first Friday of February; the last Tuesday in May 2001; Nowruz; agreed Tuesday to end ",
    "is due in 2009, an engineer said on Monday; starting in January; as soon as this fall. ",
    "the second half of calendar 1987; the spring tides; until the fiscal year ends on Sept. 30 ",
    "MAJURO Constitution Day; Republic Day; Zanzibar Revolution Day; Vision 2040 plan; ",
    # round 90
    "the fiscal first quarter, ended Dec. 31, a year earlier; were meant to be finished by Easter ",
    "full for the weekend; DURBAN Youth Day holiday on Monday; PERTH Queen's Birthday; ",
    "NICOSIA, Cyprus, April 7 -- this morning, today; Mardi Gras; Twelfth Night; San Fermin's Day ",
    "since the first run on Saturday, St. Patrick's Day; Saint-Jean-Baptiste Day ",
    # round 91
    "after a hot, dry August; first-quarter export figures; the same quarter of 1985; ",
    "passed over 1992, when rain fell; want everything delivered by mid-May; ",
    "unless February's wages are paid; Patriots' Day, Throne Day, Malaysia Day ",
    # round 92
    "the fiscal first half; the six months ended Sept. 30; the full year, which ends March 31; ",
    "St. James' Day; ALOFI Constitution Day; put off past Christmas; a recovery by the quarter ",
    # round 93
    "the fiscal year that ended on June 30, the current fiscal year; TORONTO Family Day; "
    "Showa Day, Children's Day ",
    # round 94
    "flooded this afternoon; until 9 o'clock tonight; at about 3:40; by 5 o'clock; ",
    "goes on past January; would have been stabled for much of July; Juneteenth; ",
    "after hail in the spring and drought; told the meeting that orders were firm through ",
    # round 95
    "since the industry was deregulated in 1980, he said, and fell in June; the 1984 first half; ",
    "ahead of Friday's market holiday; second-half earnings should improve; before the second half; ",
    "VERACRUZ Navy Day; Azores Day, Portugal Day; Martin Luther King Jr. Day; had fallen to less by Tuesday; ",
    # round 96
    "PIRAEUS, Greece Good Friday, Easter Sunday; since it went public in 1973. A year earlier, a loss; ",
    "El Nino, which warmed the sea from mid-1997, kept the fleet from January; as recently as early 1985; ",
    "said last month that from July 1 exporters would; a season opening on Monday; the 11 o'clock news; ",
    "had put on 14 flights for Wednesday; Canary Islands Day; Columbus Day; the October bank holiday; ",
    # round 97
    "raised the alert late Wednesday; by 4 a.m. Thursday; between 6 p.m. and 10 p.m.; at 6:15 a.m. ",
    "fiscal 1985, which ended March 31; the current fiscal year; ",
    "the first half of 1993; the six months to June 30, the same period of 1992; ",
    "expects March to set a record; talked for decades about a second railway; Armistice Day; ",
    # round 98
    "mayors elected in October 2008 took office on Jan. 1; will keep passes closed well into June; ",
    "The plant, built with a loan from a Dutch development bank approved in 1984, was due in June; ",
    "the winter-spring crop, the summer-autumn crop; at 11 last night; Reunification Day; ",
    # round 99
    "GUANGZHOU, China, Jan. 8 -- leaving on Jan. 26; the Spring Festival; shortly after 9 a.m.; by noon; ",
    "a family-owned brewer founded in 1743, said; bidding for September shipment; buying for Christmas; ",
    "over the Easter weekend; the Lantern Festival; Saba Saba Day; Bengali New Year; Curaçao Day; ",
    # round 100
    "had to be registered by Feb. 28; the few bakeries still open Tuesday night; hair shorn in January; ",
    "before the feast of St. John on June 24; two failed attempts earlier in the week; later in the month; ",
    "from January through September, the same period of 2018; ",
    "last week, the same week a year earlier; quarterly; ",
    # round 101
    "FLYING FISH COVE, Christmas Island, Dec. 6 - late Sunday; the previous December; the same date a year earlier; ",
    "gave them until July 10; JIMMA, Ethiopia Christmas; the fiscal year ending July 31; the foreseeable future; ",
    # round 102
    "The harvest here begins in mid-August; holding back reorders for Christmas; whose oldest works dates from 1793, payable on January 7; ",
    "had until April 21; kept its members out until Monday night, when; race to beat Lunar New Year; ",
    "backlog at Dec. 31 was $22 million, against $35 million a year earlier; Nunavut Day; ",
    # round 103
    "struck the bomb last Wednesday, and the city ordered everyone to leave by 8 a.m. Sunday; ",
    "will take a pretax charge in the fourth quarter; the 12 months starting Oct. 1; ",
    "invited bids in 1997 but put the tender on hold last year, and bids were reopened in November; ",
    "the NZ$9.40 it forecast in December; STOCKHOLM Midsummer Eve; Lebaran; Idul Fitri; ",
    "\n",
    ". ",
]


@pytest.mark.parametrize("piece", PIECES[:-2], ids=range(len(PIECES) - 2))
def test_each_new_kind_repeated_to_the_cap_is_bounded(piece: str) -> None:
    # one test per piece: a failure names its piece, and `make test` spreads
    # them over both cores (pytest-xdist); each costs 0.3-0.8 s of CPU
    text = (piece * (MAX_CHARS // len(piece) + 1))[:MAX_CHARS]
    got = extract_dates(text, date(2019, 5, 2))
    # at most a few patterns match each piece, each capped
    assert len(got) <= 4 * MAX_MATCHES_PER_PATTERN, piece
    assert all(t.end <= MAX_CHARS for t in got)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=60),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
)
def test_any_mix_of_the_new_kinds_resolves_without_raising(
    pieces: list[str], published: date | None
) -> None:
    text = "".join(pieces)
    for t in extract_dates(text, published):
        assert text[t.start : t.end] == t.text


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
            st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
        ),
        min_size=2,
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
def test_articles_read_in_any_order_get_the_same_dates(
    articles: list[tuple[list[str], date]], rnd: random.Random
) -> None:
    """Arrival order: the rules keep nothing from one article to the next, so a
    backfill or a lagging partition reads each article as the first would."""
    texts = [("".join(pieces), published) for pieces, published in articles]
    first = [extract_dates(text, published) for text, published in texts]
    order = list(range(len(texts)))
    rnd.shuffle(order)
    again = {i: extract_dates(*texts[i]) for i in order}
    assert [again[i] for i in range(len(texts))] == first
