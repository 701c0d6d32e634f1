"""The demo content: 2017 and 2018 exactly as the two source documents give them.

Source: ../shared/seeds/000_*.txt (the 2017 "guide to getting involved") and
001_*.txt (the 2017 recap and 2018 announcement). Nothing here is invented to fill a
gap: where the sources give no time, no venue, no title or no text, the field is left
empty and the page says so. Titles of blog posts whose sources name no title are
descriptions built from the sources' own words.
"""

SCN = "Scottish Co-production Network"
SCDC = "Scottish Community Development Centre"
ALLIANCE = "Health and Social Care Alliance Scotland (the ALLIANCE)"
HSC_ACADEMY = "Health and Social Care Academy"
GCPH = "Glasgow Centre for Population Health (GCPH)"

ORGANISATIONS = [
    {"name": SCN, "website": "https://www.coproductionscotland.org.uk/"},
    {"name": SCDC},
    {"name": HSC_ACADEMY},
    {"name": GCPH},
    {"name": ALLIANCE},
    {"name": "East Ayrshire Council", "council_area": "east-ayrshire"},
    {"name": "Midlothian Council", "council_area": "midlothian"},
    {"name": "The Robertson Trust"},
    {"name": "CHEX"},
    {"name": "Inspiralba", "council_area": "argyll-and-bute"},
    {"name": "What Works Scotland"},
    {"name": "Iriss"},
    {"name": "Evaluation Support Scotland"},
]

PEOPLE = [
    {"name": "Gerry Power", "role": "Director of Integration", "organisation": ALLIANCE},
    {"name": "Margaret MacBain", "role": "PB Champion", "organisation": "East Ayrshire Council"},
    {"name": "Paul Johnson", "role": "PB Champion", "organisation": "Midlothian Council"},
    {"name": "Fiona Jamieson", "role": "Programme Manager", "organisation": "The Robertson Trust"},
    {"name": "Elspeth Gracey", "role": "", "organisation": "CHEX"},
    {"name": "Josie Vallely", "role": "Project Manager", "organisation": "Iriss"},
    {"name": "Steven Marwick", "role": "", "organisation": "Evaluation Support Scotland"},
]

HOME_INTRO = (
    "<p>Co-production Week Scotland brings people together for a week of events, ideas and "
    "discussion about how we make co-production happen. It is organised by the Scottish "
    "Co-production Network and led by its members.</p>"
)

ABOUT = {
    "title": "About Co-production Week Scotland",
    "slug": "about",
    "intro": "A yearly week of events, ideas and discussion about how we make co-production happen.",
    "body": [
        {
            "type": "paragraph",
            "value": (
                "<p>Co-production Week Scotland (#CoProWeekScot) is organised by the Scottish "
                "Co-production Network, which is hosted by Scottish Community Development Centre.</p>"
                "<p>The week features events organised by Network members, new resources and a social "
                "media campaign asking people to contribute their thoughts and ideas about each year's "
                "theme. It is led by members of the Network, so we want to hear about any events and "
                "activities and ideas that you have.</p>"
            ),
        }
    ],
}

QUESTIONS_2017 = [
    "How can we address power imbalance through co-production?",
    "What are the barriers that inequality of power brings?",
    "How do we ensure power is shared equally?",
]

TEAM_2017 = [
    {
        "name": "Sam Jordan",
        "email": "sam.jordan@scdc.org.uk",
        "social_handle": "@SCDC_Sam",
        "social_url": "https://twitter.com/SCDC_Sam",
    },
    {
        "name": "Olivia Hanley",
        "email": "olivia.hanley@scdc.org.uk",
        "social_handle": "@SCDC_Olivia",
        "social_url": "https://twitter.com/SCDC_Olivia",
    },
    {
        "name": "David Reilly",
        "email": "david.reilly@scdc.org.uk",
        "social_handle": "@SCDC_David",
        "social_url": "https://twitter.com/SCDC_David",
    },
]

EXAMPLE_POSTS_2017 = [
    "It's time to get involved! Co-production Week Scotland is happening 27th-3rd Dec "
    "www.coproductionscotland.org.uk/coproweekscot #CoProWeekScot",
    "Get involved on the run up to #CoProWeekScot 27th- 3rd Dec 2017! Share your thoughts, run an "
    "event, retweet & more www.coproductionscotland.org.uk/coproweekscot",
    "We're building up to #CoProWeekScot – share your co-pro story "
    "http://www.coproductionscotland.org.uk/coproweekscot/share/",
]


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _para(html):
    return {"type": "paragraph", "value": html}


GUIDE_2017 = [
    _para(
        "<p>Organised by the Scottish Co-production Network, the week will feature events organised by "
        "Network members, new resources and a social media campaign asking people to contribute their "
        "thoughts and ideas about this year's theme.</p>"
        "<p>Co-production Week Scotland will be led by members of the Network so we want to hear about "
        "any events and activities and ideas that you have.</p>"
    ),
    _heading("The details"),
    _para(
        "<p><b>When is it happening?</b> 27th November – 3rd December 2017</p>"
        "<p><b>Who is it for?</b> Everyone! Are you a community member who has a great story to tell? "
        "Are you trying to embed this approach in your organisation? Whoever you are, you can get "
        "involved.</p>"
        "<p><b>Who's organising it?</b> The Scottish Co-production Network, which is hosted by Scottish "
        "Community Development Centre. There are 3 of us on the team who will be working on "
        "Co-production Week (see “Who’s organising it” below). Don't hesitate to contact any of us.</p>"
        "<p><b>Where's all the important information?</b> www.coproductionscotland.org.uk/coproweekscot</p>"
    ),
    _heading("How can I get involved?"),
    _para(
        "<p>There's lots of ways you can get involved, and we've put together some suggestions below, "
        "but of course we also want to hear from you about any ideas you might have. To make this "
        "happen, we need you, our network members to be part of it to help make this year's "
        "Co-production Week Scotland a success. Here's how:</p>"
    ),
    _heading("Hold an event", "h3"),
    _para(
        "<p>We will host a calendar of activity taking place across the country, so if you are planning "
        "an event or activity, why not hold it during co-production week?</p>"
        "<ul>"
        "<li><b>You could host an event for co-production week.</b> It might be to launch or celebrate "
        "work that you are already doing; it might be to invite people in your area who are interested "
        "in co-production to come together; or to find out from other's what's going on where you "
        "are.</li>"
        "<li><b>You could use co-production week to promote something you are already planning.</b> Are "
        "you planning something which relates to service user involvement, participation, community "
        "engagement or co-design for example? Why not use Co-production Week to explore or highlight "
        "the role of co-production in relation to what you are doing?</li>"
        "<li><b>Could you co-produce something!</b> Why not ask the people you work with if they'd like "
        "to co-produce something - an event, action plan, and consultation - and tell us all about it "
        "during co-production week?</li>"
        "</ul>"
    ),
    _heading("How we can support your event", "h3"),
    _para(
        "<p>We will help promote your event through our network by including it in the Co-production "
        "Week calendar. We can also provide you with branding and some basic materials which you can "
        "use. If possible (depending on demand!), one of our team can attend and support your event – "
        "and we certainly want to capture the learning through photos, video, blogs and reports.</p>"
    ),
    _heading("Share your story", "h3"),
    _para(
        "<p>Stories are at the heart of a co-production approach. It's the experiences of individuals "
        "and communities that make it possible for them to be part of designing and delivering "
        "activities and services which reflect their needs. We know there a lot of powerful stories "
        "out there about how people have used their experiences to influence change – so let's share "
        "them:</p>"
        "<ul>"
        "<li><b>Write up your story</b> and share it as a report or blog for our website. We will share "
        "and circulate it though the network.</li>"
        "<li><b>Create a digital story</b> – film your participants, service users, colleagues about what "
        "you are doing. What are the challenges? What have you learned? What do you hope to achieve? "
        "It doesn't need to cost anything, simple videos recorded on a phone can be sent to us or "
        "tweeted and we'll help share them for you. <i>(Make sure you have permission from anyone "
        "involved to be filmed and shared more widely.)</i></li>"
        "<li><b>Tell us in brief</b> – use social media to give us a snapshot of what you are doing, "
        "and allow people to get in touch for more information.</li>"
        "<li><b>Send us your photographs</b> – a picture can be a great way to start your story. Send "
        "us yours, with a bit of information about the story it tells and we'll share it for you.</li>"
        "</ul>"
    ),
    _heading("Social media", "h3"),
    _para(
        "<p>We will be using social media to share what you are all doing during Co-production Week. "
        "But we do know that not everyone uses it, so if you need any help with your first tweet just "
        "let us know! For the active tweeters, Instagram and Facebook users:</p>"
        "<p><b>Twitter</b> - We will keeping our twitter feed busy using #CoProWeekScot so keep us "
        "posted on your activity via twitter – we want links, blogs, photos, videos, whatever you want "
        "to share. Follow us on @ScotCoPro</p>"
        "<p><b>Facebook</b> – Use the #CoProWeekScot hashtag on Facebook too, and keep following "
        "Scottish Community Development Centre on Facebook.</p>"
    ),
    {"type": "social_posts", "value": {"intro": "Example posts could include:", "posts": EXAMPLE_POSTS_2017}},
    _para("<p><b>We hope you enjoy Co-Production Week Scotland 2017!</b></p><p>@ScotCoPro &amp; #CoProWeekScot</p>"),
]

RECAP_2017 = [
    _para(
        "<p>This year we brought together a series of events, blogs and activity from network members "
        "and partners from across Scotland and what a great week we had.</p>"
        "<p>To help answer these questions, network members hosted a number of events, provided a series "
        "of blogs and here at the Scottish Co-production Network, we hosted three Twitter Chats during "
        "the week.</p>"
        "<p>During the week network members provided many great and very useful resources as part of "
        "#CoProWeekScot.</p>"
    ),
]

# --- Calendar and "Add your event" pages ---------------------------------------------
# One of each under every year, in the guide's words. Both demo years are over, so
# the calendars are archives and the forms say submissions are closed.
CALENDAR_PAGE = {
    "title": "Calendar",
    "slug": "calendar",
    "intro": "<p>We will host a calendar of activity taking place across the country.</p>",
}

ADD_EVENT_PAGE = {
    "title": "Add your event",
    "slug": "add-your-event",
    "intro": (
        "<p>If you are planning an event or activity, why not hold it during co-production week? We will help "
        "promote your event through our network by including it in the Co-production Week calendar.</p>"
    ),
}

NOT_HELD = (
    "<p>The responses shown on the original page were embedded posts and are not held in this "
    "archive. Want to see more? Type in the hashtag #CoProWeekScot.</p>"
)

YEAR_2017 = {
    "year": 2017,
    "title": "Co-production Week Scotland 2017",
    "strapline": "#CoProWeekScot: Co-Production & Power",
    "theme": "power",
    "summary": "Events, blogs and three Twitter chats from network members and partners across Scotland "
    "on the theme of power.",
    "start_date": "2017-11-27",
    "end_date": "2017-12-03",
    "hashtag": "#CoProWeekScot",
    "intro": (
        "<p>Following last year's campaign, we're bringing people together again for another week of "
        "events, ideas and discussion about how we make co-production happen.</p>"
        "<p>This year we'll be focusing on the theme of power.</p>"
    ),
    "questions": QUESTIONS_2017,
    "team": TEAM_2017,
    "body": GUIDE_2017,
    "recap": RECAP_2017,
    "social_accounts": [
        {
            "type": "account",
            "value": {"network": "twitter", "name": "@ScotCoPro", "url": "https://twitter.com/ScotCoPro"},
        },
        {"type": "account", "value": {"network": "facebook", "name": SCDC, "url": ""}},
    ],
    "blog": {"title": "Blog", "intro": "<p>Blogs from network members and partners during #CoProWeekScot 2017.</p>"},
    "days": [
        {
            "date": "2017-11-27",
            "title": "Day 1: Monday 27 November",
            "events": [
                {
                    "title": "Twitter chat: What are the barriers that inequality of power brings?",
                    "kind": "twitter-chat",
                    "start_time": "12:00",
                    "end_time": "13:00",
                    "attendance_mode": "online",
                    "hosts": [SCN],
                    "hashtag": "#CoProWeekScot",
                    "question": "What are the barriers that inequality of power brings?",
                    "description": "<p>Our first Twitter Chat of the week, from 12-1pm.</p>",
                    "recap": [
                        _para("<p>We generated a great conversation with lots of great answers.</p>"),
                        _para(NOT_HELD),
                    ],
                },
                {
                    "title": "Twitter chat hosted by the H&SC Academy",
                    "kind": "twitter-chat",
                    "start_time": "14:00",
                    "end_time": "15:00",
                    "attendance_mode": "online",
                    "hosts": [HSC_ACADEMY],
                    "description": "<p>Continuing on from this conversation on power, H&amp;SC Academy hosted a "
                    "Twitter Chat from 2-3pm.</p>",
                },
            ],
        },
        {
            "date": "2017-11-28",
            "title": "Day 2: Tuesday 28 November",
            "events": [
                {
                    "title": "Power, Health and Social Justice",
                    "kind": "event",
                    "hosts": [GCPH],
                    "hashtag": "#GHFF20",
                    "description": (
                        "<p>GCPH Glasgow's Healthier Future Forum hosted the first event of the week, "
                        "\u201cPower, Health and Social Justice\u201d. The focus of this event was on how power "
                        "might be redistributed more equally with communities and how we can collectively "
                        "realise the vision for greater community empowerment in Scotland.</p>"
                    ),
                    "recap": [
                        _para(
                            "<p>This was a great event which brought together almost 200 delegates to engage "
                            "on the emerging issues of relevance to health and health inequalities. Check out "
                            "the twitter chat of the event by using the hashtag #GHFF20.</p>"
                        )
                    ],
                },
            ],
            "posts": [
                {
                    "title": "Power on Power",
                    "authors": ["Gerry Power"],
                    "summary": "Gerry Power, Director of Integration of the Alliance, shared with us a blog post "
                    "exploring the week's theme titled \u201cPower on Power\u201d.",
                    "tags": ["power"],
                },
            ],
        },
        {
            "date": "2017-11-29",
            "title": "Day 3: Wednesday 29 November",
            "recap": [_para("<p>In the morning we released two blogs by two PB Champions.</p>")],
            "events": [
                {
                    "title": "Self management and co-production",
                    "kind": "event",
                    "hosts": [ALLIANCE],
                    "description": "<p>The Alliance hosted an event on Wednesday which aimed to generate learning "
                    "centred around the relationship between self management and co-production.</p>",
                },
                {
                    "title": "Twitter chat: How can we address power imbalances through co-production?",
                    "kind": "twitter-chat",
                    "start_time": "12:00",
                    "end_time": "13:00",
                    "attendance_mode": "online",
                    "hosts": [SCN],
                    "hashtag": "#CoProWeekScot",
                    "question": "How can we address power imbalances through co-production?",
                    "description": "<p>Our second Twitter Chat of the week, from 12-1pm.</p>",
                    "recap": [_para(NOT_HELD)],
                },
            ],
            "posts": [
                {
                    "title": "Margaret MacBain, East Ayrshire Council: how co-production helped to shape PB",
                    "authors": ["Margaret MacBain"],
                    "summary": "Margaret MacBain from East Ayrshire Council, one of two PB Champions blogging "
                    "today, shared an example of their work around PB so far, and how co-production helped "
                    "to shape it.",
                    "tags": ["participatory budgeting"],
                },
                {
                    "title": "Paul Johnson, Midlothian Council: \u2018Food, Glorious Food\u2019",
                    "authors": ["Paul Johnson"],
                    "summary": "Paul Johnson from Midlothian Council provided an insight to the process of 3 "
                    "innovative participatory budgeting projects called \u2018Food, Glorious Food\u2019.",
                    "tags": ["participatory budgeting"],
                },
            ],
        },
        {
            "date": "2017-11-30",
            "title": "Day 4: Thursday 30 November",
            "recap": [_para("<p>Thursday morning we released two blog posts.</p>")],
            "events": [
                {
                    "title": "Inspiralba networking event in Argyll",
                    "kind": "networking",
                    "hosts": ["Inspiralba"],
                    "council_area": "argyll-and-bute",
                    "description": (
                        "<p>Inspiralba hosted a networking event in Argyll. The event included network "
                        "sharing, opportunities for collaboration and a session to consider how to take "
                        "forward the priorities identified for an Argyll Social Enterprise Action Plan for "
                        "Argyll.</p><p>There was also a Dragons Den process for folk who had an idea for a "
                        "new social enterprise, or in the early stages of developing a social enterprise.</p>"
                    ),
                },
                {
                    "title": "The Power of Stories: 100 Stories of Co-production",
                    "kind": "film",
                    "description": (
                        "<p>Thursday marked the launch of \u201cThe Power of Stories: 100 Stories of "
                        "Co-production\u201d. This event showcased the new 5-min film \u2018Created By "
                        "Conversation\u2019, plus four other short films. They\u2019re all created as tools to "
                        "help spread the co-production message beyond the \u2018usual suspects\u2019.</p>"
                    ),
                },
            ],
            "posts": [
                {
                    "title": "Fiona Jamieson, The Robertson Trust: the Heart and Soul Women's Centre",
                    "authors": ["Fiona Jamieson"],
                    "summary": "Fiona Jamieson, Programme Manager at The Robertson Trust, gave an insight into "
                    "their work with the Heart and Soul Women's Centre.",
                },
                {
                    "title": "Elspeth Gracey, CHEX: an honest take on power and co-production",
                    "authors": ["Elspeth Gracey"],
                    "summary": "Our very own CHEX colleague Elspeth Gracey gave an honest take on the theme of "
                    "the week \u201cPower\u201d and its relationship with Co-Production.",
                    "tags": ["power"],
                },
            ],
        },
        {
            "date": "2017-12-01",
            "title": "Day 5: Friday 1 December",
            "events": [
                {
                    "title": "What Works Scotland: co-production and reforming public services",
                    "kind": "event",
                    "hosts": ["What Works Scotland"],
                    "description": "<p>What Works Scotland hosted an event which looked at the role of "
                    "co-production, its role in reforming public services and how co-production can best be "
                    "used to help develop sustainable and effective public services.</p>",
                },
                {
                    "title": "Twitter chat: How do we ensure power is shared equally?",
                    "kind": "twitter-chat",
                    "attendance_mode": "online",
                    "hosts": [SCN],
                    "hashtag": "#CoProWeekScot",
                    "question": "How do we ensure power is shared equally?",
                    "description": "<p>Our last Twitter Chat of the week, where we asked our third and final "
                    "question.</p>",
                },
            ],
            "posts": [
                {
                    "title": "Josie Vallely, Iriss: the potential of co-production to distribute power",
                    "authors": ["Josie Vallely"],
                    "summary": "This morning's blog post reflected on the potential of co-production to "
                    "distribute power - Josie Vallely, Project Manager at Iriss.",
                    "tags": ["power"],
                },
                {
                    "title": "Should we evaluate co-production?",
                    "authors": ["Steven Marwick"],
                    "summary": "A new blog post by Steven Marwick from Evaluation Support Scotland: Should we "
                    "evaluate co-production? What methods should we use to measure co-production? Can we "
                    "evaluate in a co-productive way?",
                    "tags": ["evaluation"],
                },
            ],
        },
    ],
}

YEAR_2018 = {
    "year": 2018,
    "title": "Co-production Week Scotland 2018",
    "strapline": "#CoProWeekScot 2018",
    "summary": "Co-production Week Scotland 2018 will take place from 19th - 25th November 2018.",
    "start_date": "2018-11-19",
    "end_date": "2018-11-25",
    "hashtag": "#CoProWeekScot",
    # {previous} becomes a link to the 2017 page when the content is loaded.
    "announcement": (
        "<p>Co-production Week Scotland 2018 will take place from 19th - 25th November 2018. We'll have "
        "much more to share soon! In the meantime, see what we got up to in {previous}.</p>"
    ),
    "days": [],
}

YEARS = [YEAR_2017, YEAR_2018]


# --- Resources --------------------------------------------------------------------------
# Kept apart from the years above so it can grow (and merge) on its own.
#
# The 2017 recap ends "During the week network members provided many great and very
# useful resources as part of #CoProWeekScot:" and the list that followed is not in the
# source. The one set of resources it does describe is the film launch on Day 4: the new
# 5-min film 'Created By Conversation' "plus four other short films", with "View all five
# films here>>" and no address. So: one entry for the film it names, four that say the
# others' titles are not recorded, and no links or files, because none are given.
FILM_LAUNCH_2017 = "The Power of Stories: 100 Stories of Co-production"
UNRECORDED_FILM = (
    "One of the four other short films launched with \u2018Created By Conversation\u2019 at \u201cThe Power of "
    "Stories: 100 Stories of Co-production\u201d. The original page does not record its title, and gave no address for "
    "it."
)

RESOURCES_2017 = {
    "year": 2017,
    "title": "Resources",
    "slug": "resources",
    "intro": (
        "<p>During the week network members provided many great and very useful resources as part of "
        "#CoProWeekScot. The list of them on the original page is not held in this archive.</p>"
        "<p>Thursday 30 November marked the launch of \u201cThe Power of Stories: 100 Stories of "
        "Co-production\u201d, which showcased the new 5-min film \u2018Created By Conversation\u2019, plus four "
        "other short films. They\u2019re all created as tools to help spread the co-production message beyond "
        "the \u2018usual suspects\u2019. The original page said \u201cView all five films here\u201d but the "
        "address is not recorded, so no link to the films is held here.</p>"
    ),
    "resources": [
        {
            "title": "Created By Conversation",
            "kind": "film",
            "event": FILM_LAUNCH_2017,
            "description": (
                "The new 5-min film showcased at the launch of \u201cThe Power of Stories: 100 Stories of "
                "Co-production\u201d, created as a tool to help spread the co-production message beyond the "
                "\u2018usual suspects\u2019. The original page gave no address for it."
            ),
        },
        *(
            {
                "title": f"Short film {n} of 4 from \u201cThe Power of Stories\u201d: title not recorded",
                "kind": "film",
                "event": FILM_LAUNCH_2017,
                "description": UNRECORDED_FILM,
            }
            for n in range(1, 5)
        ),
    ],
}

RESOURCES = [RESOURCES_2017]


# --- "Share your story" forms -----------------------------------------------------------
# One under every year, introduced in the 2017 guide's own words ("Share your story").
# The guide's sample post pointed to ".../coproweekscot/share/"; the form lives at
# /<year>/share-your-story/. Both demo weeks are over, so both forms say submissions are
# closed.
SHARE_STORY_PAGE = {
    "title": "Share your story",
    "slug": "share-your-story",
    "intro": (
        "<p>Stories are at the heart of a co-production approach. It's the experiences of individuals and "
        "communities that make it possible for them to be part of designing and delivering activities and "
        "services which reflect their needs. We know there a lot of powerful stories out there about how people "
        "have used their experiences to influence change – so let's share them.</p>"
        "<ul>"
        "<li><b>Write up your story</b> and share it as a report or blog for our website. We will share and "
        "circulate it though the network.</li>"
        "<li><b>Create a digital story</b> – film your participants, service users, colleagues about what you are "
        "doing. What are the challenges? What have you learned? What do you hope to achieve? It doesn't need to "
        "cost anything, simple videos recorded on a phone can be sent to us or tweeted and we'll help share them "
        "for you. <i>(Make sure you have permission from anyone involved to be filmed and shared more "
        "widely.)</i></li>"
        "<li><b>Send us your photographs</b> – a picture can be a great way to start your story. Send us yours, "
        "with a bit of information about the story it tells and we'll share it for you.</li>"
        "</ul>"
    ),
}


# --- Legacy addresses -------------------------------------------------------------------
# Kept apart from the years above: Wagtail redirects (Settings → Redirects) that editors see
# and manage. The old site used one address for every year, /coproweekscot/ (the 2017 guide
# gives www.coproductionscotland.org.uk/coproweekscot and …/coproweekscot/share/), and
# later others with the year in them, such as /coproweekscot-2021. /coproweekscot/ must
# follow the calendar, so it leads to /current-year/ (always the year happening now, else
# the next, else the latest) rather than to one year, and is temporary so that browsers do
# not remember it. /coproweekscot-2017 and -2018 are the year-specific kind for the demo's
# two years; the guide's "share your story" address leads to the 2017 form for stories.
LEGACY_REDIRECTS = [
    {"old_path": "/coproweekscot", "link": "/current-year/", "permanent": False},
    {"old_path": "/coproweekscot-2017", "year": 2017},
    {"old_path": "/coproweekscot-2018", "year": 2018},
    {"old_path": "/coproweekscot/share", "year": 2017, "child_slug": "share-your-story"},
]


# --- Accessibility statement ------------------------------------------------------------
# Kept apart from the years above so it can grow (and merge) on its own. Not from the
# seeds: what Scottish public bodies and their partners publish under the Public Sector
# Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018, after
# the UK government's model statement. `{email}` is the network's contact address (network
# settings, else the address the site sends email from), filled in by the builder;
# `{prepared}` is the date this statement was written.
ACCESSIBILITY_STATEMENT_PREPARED = "2026-11-23"

ACCESSIBILITY_STATEMENT = {
    "title": "Accessibility statement",
    "slug": "accessibility",
    "intro": (
        "How accessible this website is, what we know does not work well yet, and how to tell us about a problem."
    ),
    "body": [
        _para(
            "<p>This statement applies to the Co-production Week Scotland website, run by the Scottish Co-production "
            "Network, which is hosted by Scottish Community Development Centre. We want as many people as possible "
            "to be able to use it. For example, you should be able to:</p>"
            "<ul>"
            "<li>zoom in up to 400% without the text spilling off the screen, and make text larger on its own</li>"
            "<li>use the whole website with a keyboard alone, and always see where you are on the page</li>"
            "<li>use it with a screen reader or speech recognition software</li>"
            "<li>use it on a small screen or an old phone, and with JavaScript switched off</li>"
            "<li>print a day\u2019s programme or an event on paper</li>"
            "</ul>"
            "<p>We have also made the text as simple as we can to understand. "
            '<a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your device easier to '
            "use if you have a disability.</p>"
        ),
        _heading("How accessible this website is"),
        _para(
            "<p>We know some parts of this website are not fully accessible:</p>"
            "<ul>"
            "<li>pages about earlier years (from 2017 on) are an archive: they link to other organisations\u2019 "
            "websites, films and social media posts, which we do not control and which may not be accessible</li>"
            "<li>documents (such as PDFs) and films shared by network members and partners may not be accessible: "
            "some documents may not work well with a screen reader, and some films may not have captions or a "
            "transcript</li>"
            "<li>responses from Twitter chats are quoted as people wrote them, with their hashtags and handles, "
            "which a screen reader reads out letter by letter or as one long word</li>"
            "</ul>"
        ),
        _heading("Feedback and reporting accessibility problems"),
        _para(
            "<p>If you need information on this website in a different format, such as accessible PDF, large print, "
            'easy read or audio, or if you find a problem that is not listed here, email <a href="mailto:{email}">'
            "{email}</a>. Tell us the address of the page, what the problem is and what device and software you "
            "use. We will reply, and tell you how and when we will fix the problem or how else you can get the "
            "information.</p>"
        ),
        _heading("Enforcement procedure"),
        _para(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the \u2018accessibility "
            "regulations\u2019). If you are not happy with how we respond to your complaint, contact the "
            '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support Service (EASS)</a>.</p>'
        ),
        _heading("Technical information about this website\u2019s accessibility"),
        _para(
            "<p>The Scottish Co-production Network is committed to making this website accessible, in accordance "
            "with the accessibility regulations.</p>"
            "<p>This website is partially compliant with the "
            '<a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version 2.2</a> AA '
            "standard, because of the content listed under \u2018How accessible this website is\u2019: documents, "
            "films and other websites that we do not make ourselves.</p>"
        ),
        _heading("How we test this website"),
        _para(
            "<p>Every change to the website is checked by machine before it goes live. The checks visit every kind "
            "of page and form, and fail if:</p>"
            "<ul>"
            "<li>axe-core finds a failure of WCAG 2.2 level A or AA, or of its best practices, on a wide screen or "
            "a phone-sized one</li>"
            "<li>the Nu HTML Checker finds invalid HTML</li>"
            "<li>a page or form cannot be used with a keyboard alone, or loses sight of where the keyboard is</li>"
            "<li>a page or form does not work with JavaScript switched off</li>"
            "<li>a page scrolls sideways at 320 pixels wide, or loses content when text is made twice as large</li>"
            "</ul>"
            "<p>Automated checks find many problems but not all of them. The website has not yet been audited by an "
            "accessibility specialist or tested by disabled people; we will update this statement when it has "
            "been.</p>"
        ),
        _heading("Preparation of this accessibility statement"),
        _para("<p>This statement was prepared on {prepared}. It was last reviewed on {prepared}.</p>"),
    ],
}
